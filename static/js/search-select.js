// Selects marked data-search-url become searchable (Tom Select): typing asks the
// portal's JSON endpoint, which answers {"results": [{"id": 1, "text": "…"}]} with only
// what the user may see. Without JavaScript the select still works with the options
// already chosen.
(function () {
  if (typeof TomSelect === "undefined") { return; }
  var lang = document.documentElement.lang || "vi";
  var words = lang === "vi"
    ? { none: "Không tìm thấy", type: "Gõ tên, xã hoặc mã số thuế để tìm", loading: "Đang tìm…" }
    : { none: "Nothing found", type: "Type a name, commune or tax code", loading: "Searching…" };
  document.querySelectorAll("select[data-search-url]").forEach(function (select) {
    var url = select.getAttribute("data-search-url");
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    new TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      maxOptions: 50,
      preload: "focus",
      plugins: select.multiple ? ["remove_button"] : [],
      placeholder: words.type,
      load: function (query, callback) {
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            callback(data.results.map(function (r) { return { id: r.id, text: r.text || r.name }; }));
          })
          .catch(function () { callback(); });
      },
      shouldLoad: function () { return true; },
      render: {
        no_results: function () { return '<div class="no-results">' + words.none + "</div>"; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">' + words.loading + "</span></div>"; },
      },
      onInitialize: function () {
        // The search box is named by the field's own label, and so is the original
        // select, which stays in the page (hidden) to be sent with the form.
        var input = this.control_input;
        if (label) {
          if (!label.id) { label.id = select.id + "_label"; }
          if (input) { input.setAttribute("aria-labelledby", label.id); }
          select.setAttribute("aria-labelledby", label.id);
        }
      },
    });
  });
})();
