// The budget lines of a project: "Add a line" copies the empty row of the formset (its
// __prefix__ numbered), and the totals of state support and counterpart follow every
// keystroke; a line ticked for removal leaves the totals.
(function () {
  var table = document.querySelector("[data-budget-table]");
  if (!table) { return; }
  var prefix = table.getAttribute("data-prefix");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  var template = document.getElementById("budget-empty-row");
  var money = window.khuyencongMoney;

  function recount() {
    var sums = { state: 0, counterpart: 0 };
    table.querySelectorAll("tbody [data-budget-row]").forEach(function (row) {
      var removed = row.querySelector("[data-budget=delete]");
      if (removed && removed.checked) { return; }
      ["state", "counterpart"].forEach(function (kind) {
        var input = row.querySelector("[data-budget=" + kind + "]");
        if (input) { sums[kind] += money.value(input); }
      });
    });
    ["state", "counterpart"].forEach(function (kind) {
      table.querySelector("[data-budget-total=" + kind + "]").textContent =
        money.format(sums[kind]) + " ₫";
    });
  }

  document.querySelector("[data-budget-add]").addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    table.querySelector("tbody").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var rows = table.querySelectorAll("tbody [data-budget-row]");
    rows[rows.length - 1].querySelector("input").focus();
    recount();
  });
  table.addEventListener("input", recount);
  table.addEventListener("change", recount);
  recount();
})();
