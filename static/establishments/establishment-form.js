// Show, as soon as a commune is picked, whether an establishment there is eligible.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[name=commune]");
    var box = document.getElementById("eligibility");
    if (!select || !box) { return; }
    function show() {
      var option = select.selectedOptions[0];
      if (!option || !option.value || !option.dataset.reason) {
        box.className = "d-none"; return;
      }
      var craft = document.querySelector("input[name=craft_village]");
      var eligible = option.dataset.eligible === "1" || (craft && craft.value.trim() !== "");
      box.textContent = option.dataset.reason;
      box.className = "alert py-2 " + (eligible ? "alert-success" : "alert-warning");
    }
    select.addEventListener("change", show);
    var craft = document.querySelector("input[name=craft_village]");
    if (craft) { craft.addEventListener("input", show); }
    show();
  });
})();
