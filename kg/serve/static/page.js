// The query page: YASGUI (vendored, no network but this server) pointed at /sparql,
// prefilled from the catalogue. Tabs are not kept between visits (persistenceId: null),
// so the page always opens on the catalogue's own text. Only the prefix and variable
// autocompleters are on: the property and class ones would ask an outside service (LOV).
(function () {
  "use strict";
  const endpoint = window.location.origin + "/sparql";
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    showEndpointCatalogue: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { autocompleters: ["prefixes", "variables"], persistenceId: null },
    yasr: { persistenceId: null, prefixes: {} },
  });
  const select = document.getElementById("catalogue");
  const about = document.getElementById("about");

  function show(entry) {
    const needs = entry.params.filter((p) => p.required).map((p) => p.name);
    const text = entry.sparql !== null ? entry.sparql
      : "# needs parameters: " + needs.join(", ") + " (bind them as VALUES, or call " + entry.href + "?" +
        needs.map((n) => n + "=...").join("&") + ")\n" + entry.template;
    yasgui.getTab().setQuery(text);
    about.textContent = entry.title + ": " + entry.description;
  }

  fetch("/api/queries").then((r) => r.json()).then((entries) => {
    select.innerHTML = "";
    for (const entry of entries) {
      const option = document.createElement("option");
      option.value = entry.name;
      option.textContent = entry.title + " (" + entry.name + ")";
      select.appendChild(option);
    }
    const byName = new Map(entries.map((e) => [e.name, e]));
    select.addEventListener("change", () => show(byName.get(select.value)));
    const first = entries.find((e) => e.name === "status-counts") || entries[0];
    select.value = first.name;
    show(first);
  }).catch((error) => { about.textContent = "could not read the catalogue: " + error; });
})();
