// The web view's small helpers: print ("บันทึกเป็น PDF"), copy a share link, and pick the
// "number" choice when a number is typed. Pages work without it except for printing.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = button.closest(".share-link").querySelector("input.link-box");
      box.select();
      var done = function () { button.textContent = "คัดลอกแล้ว"; };
      if (navigator.clipboard) { navigator.clipboard.writeText(box.value).then(done, function () {}); }
      else if (document.execCommand("copy")) { done(); }
    });
  });
  document.querySelectorAll("[data-number-for]").forEach(function (box) {
    var choice = document.getElementById(box.dataset.numberFor);
    if (!choice) { return; }
    box.addEventListener("input", function () { choice.checked = true; });
  });
})();
