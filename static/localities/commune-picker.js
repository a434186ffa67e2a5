// Commune picker: filter the commune <select> as the user types (accents optional),
// and reload it from the server when another province is chosen.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/[^a-z0-9]/g, "");
  }

  function setup(root) {
    var select = root.querySelector("select:not(.commune-picker-province)");
    var search = root.querySelector(".commune-picker-search");
    var province = root.querySelector(".commune-picker-province");
    if (!select || !search) { return; }
    search.classList.remove("d-none");

    search.addEventListener("input", function () {
      var needle = fold(search.value);
      var firstVisible = null;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) { return; }
        var show = !needle || fold(option.textContent).indexOf(needle) !== -1;
        option.hidden = !show;
        if (show && firstVisible === null) { firstVisible = option; }
      });
      if (firstVisible && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = firstVisible.value;
      }
    });

    if (province) {
      province.addEventListener("change", function () {
        var url = root.dataset.optionsUrl + "?province=" + encodeURIComponent(province.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            var keep = select.options[0] && !select.options[0].value ? select.options[0] : null;
            select.innerHTML = "";
            if (keep) { select.appendChild(keep); }
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.id;
              option.textContent = item.name;
              select.appendChild(option);
            });
            search.value = "";
          });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".commune-picker").forEach(setup);
  });
})();
