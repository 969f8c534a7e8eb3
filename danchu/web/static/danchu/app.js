// Behaviour of every page, wired from data- attributes: the Content-Security-Policy allows no
// inline script (issue 19), so templates never carry <script>…</script> or on…="" handlers.
(function () {
  "use strict";
  function ready() {
    // <select data-autosubmit>: send its form when the choice changes (unit switcher).
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { if (el.form) { el.form.submit(); } });
    });
    // <input data-select-on-click>: select the whole value (addresses to copy).
    document.querySelectorAll("[data-select-on-click]").forEach(function (el) {
      el.addEventListener("click", function () { el.select(); });
    });
    // <form data-focus="id">: put the cursor in that field when the page opens.
    document.querySelectorAll("[data-focus]").forEach(function (el) {
      var target = document.getElementById(el.getAttribute("data-focus"));
      if (target) { target.focus(); }
    });
    // <form data-code-from-hash="id">: a code given after # in the address fills that field and
    // leaves the address (it is never sent to the server in the URL, nor kept in history).
    document.querySelectorAll("[data-code-from-hash]").forEach(function (el) {
      var target = document.getElementById(el.getAttribute("data-code-from-hash"));
      if (target && location.hash.length > 1) {
        target.value = decodeURIComponent(location.hash.slice(1));
        history.replaceState(null, "", location.pathname);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
