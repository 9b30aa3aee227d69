// Live LINE preview and character counter for text editors. Text is set with textContent,
// never innerHTML, so whatever is typed is shown as text.
(function () {
  "use strict";
  function lineLength(text) {
    return text.replace(/\r\n?/g, "\n").trim().length; // UTF-16 units, as the server counts
  }
  document.querySelectorAll("textarea[data-preview], textarea[data-counter]").forEach(function (area) {
    var preview = document.getElementById(area.dataset.preview);
    var counter = document.getElementById(area.dataset.counter);
    var limit = parseInt(area.dataset.limit, 10);
    function update() {
      var text = area.value.replace(/\r\n?/g, "\n").trim();
      if (preview) {
        preview.textContent = text || "(ยังไม่มีข้อความ)";
        preview.classList.toggle("empty", !text);
      }
      if (counter) {
        var length = lineLength(area.value);
        counter.textContent = length.toLocaleString("th-TH") + " / " + limit.toLocaleString("th-TH") +
          " ตัวอักษร" + (length > limit ? " — เกินขีดจำกัด " + (length - limit).toLocaleString("th-TH") + " ตัวอักษร" : "");
        counter.classList.toggle("over", length > limit);
      }
    }
    area.addEventListener("input", update);
    update();
  });
})();

// Folded boxes marked data-open-wide (the filters) start open on a laptop, folded on a phone.
(function () {
  "use strict";
  if (window.matchMedia("(min-width: 601px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (box) {
      box.open = true;
    });
  }
})();
