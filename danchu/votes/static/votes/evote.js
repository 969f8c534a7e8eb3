// The code slip's QR code opens this page with the code after "#": the fragment never leaves
// the phone (it is not sent to the server nor written in any log). Put it in the form, then
// drop it from the address bar.
(function () {
  var code = decodeURIComponent((window.location.hash || "").slice(1));
  var field = document.getElementById("code");
  if (code && field) {
    field.value = code;
    history.replaceState(null, "", window.location.pathname);
  }
})();
