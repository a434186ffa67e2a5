// The score sheet adds up as the council member types: each group's points and the
// sheet's total, in the Vietnamese way (85,5). A mark above its maximum is shown red;
// the server still checks every mark.
(function () {
  var form = document.querySelector("[data-testid=score-form]");
  if (!form) { return; }
  var lang = document.documentElement.lang || "vi";
  function read(input) {
    var value = parseFloat((input.value || "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  }
  function show(n) {
    return n.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 2 });
  }
  function recount() {
    var total = 0;
    var max = 0;
    form.querySelectorAll("[data-score-group]").forEach(function (group) {
      var sum = 0;
      group.querySelectorAll("input[data-points]").forEach(function (input) {
        var value = read(input);
        var over = value > parseFloat(input.getAttribute("data-max")) || value < 0;
        if (over) {
          input.classList.add("is-invalid");
          input.dataset.over = "1";
        } else if (input.dataset.over) { // a mark the server refused keeps its red
          input.classList.remove("is-invalid");
          delete input.dataset.over;
        }
        sum += value;
      });
      group.querySelector("[data-group-total]").textContent = show(sum);
      total += sum;
      max += parseFloat(group.getAttribute("data-max")) || 0;
    });
    form.querySelector("[data-sheet-total]").textContent = show(total);
    form.querySelector("[data-sheet-max]").textContent = show(max);
  }
  form.addEventListener("input", recount);
  recount();
})();
