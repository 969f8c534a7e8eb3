// The unit picker (danchu/units/picker.py): a click on a found unit fills the hidden input;
// typing again clears it, so the server resolves the typed text instead.
(function () {
  "use strict";
  if (window.danchuUnitPicker) return;
  window.danchuUnitPicker = true;
  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".unit-picker .unit-option");
    if (!option) return;
    event.preventDefault();
    var picker = option.closest(".unit-picker");
    picker.querySelector("[data-unit-value]").value = option.dataset.value;
    var text = picker.querySelector("[data-unit-text]");
    text.value = option.dataset.label;
    picker.querySelector(".unit-picker-results").innerHTML = "";
    text.focus();
  });
  document.addEventListener("input", function (event) {
    var text = event.target;
    if (text.matches && text.matches(".unit-picker [data-unit-text]")) {
      text.closest(".unit-picker").querySelector("[data-unit-value]").value = "";
    }
  });
})();
