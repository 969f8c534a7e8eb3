// Keyboard entry of paper ballots for the counting board. One key per level: 1, 2, 3;
// 0 or Space no mark; M several marks; X name crossed out; + a name written in by hand;
// Backspace goes back one line; Enter saves the ballot. The form works without this file.
(function () {
  var form = document.getElementById("entry-form");
  if (!form) return;
  var cells = Array.prototype.slice.call(form.querySelectorAll("input.cell"));
  var extra = document.getElementById("extra");
  var serial = document.getElementById("serial");
  var pos = 0;
  var words = {};
  try { words = JSON.parse(document.getElementById("words").textContent); } catch (err) { words = {}; }
  function say(cell) {
    var out = cell.parentNode.parentNode.querySelector(".words");
    if (out) out.textContent = words[cell.value] || "";
  }
  function focus(i) {
    pos = Math.max(0, Math.min(i, cells.length - 1));
    cells.forEach(function (c, k) { c.parentNode.parentNode.style.outline = k === pos ? "2px solid #1d4ed8" : ""; });
    cells[pos].focus();
  }
  function set(value) {
    cells[pos].value = value;
    say(cells[pos]);
    if (pos < cells.length - 1) focus(pos + 1);
    else form.querySelector("button[type=submit]").focus();
  }
  cells.forEach(function (cell, i) {
    cell.readOnly = true;
    say(cell);
    cell.addEventListener("focus", function () { pos = i; });
    cell.addEventListener("keydown", function (e) {
      var k = e.key;
      if (k === "1" || k === "2" || k === "3") { e.preventDefault(); set(k); }
      else if (k === "0" || k === " ") { e.preventDefault(); set(""); }
      else if (k === "m" || k === "M") { e.preventDefault(); set("M"); }
      else if (k === "x" || k === "X") { e.preventDefault(); set("X"); }
      else if (k === "+") { e.preventDefault(); extra.value = String((parseInt(extra.value, 10) || 0) + 1); }
      else if (k === "Backspace") { e.preventDefault(); cell.value = ""; say(cell); focus(i - 1); }
      else if (k === "ArrowUp") { e.preventDefault(); focus(i - 1); }
      else if (k === "ArrowDown") { e.preventDefault(); focus(i + 1); }
    });
  });
  if (serial) {
    serial.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); focus(0); }
    });
  }
})();
