// The query page: Yasgui pointed at this endpoint only, with no autocompleter that calls an outside service.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kg-config").textContent);

  // prefix.cc and LOV lookups would leave the machine; keep only the local variable completer.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  if (Yasgui.Yasr.plugins.table) {
    Yasgui.Yasr.plugins.table.defaults.openIriInNewWindow = false;
  }

  var endpoint = new URL(config.endpoint, window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { value: config.query, autocompleters: ["variables"], resizeable: true },
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(config.query);

  // Result IRIs open our own entity pages (/id/... for the graph's IRIs, /describe?iri= for the rest).
  function pageFor(iri) {
    if (iri.indexOf(config.base) === 0) {
      if (config.base.indexOf(window.location.origin + "/id/") === 0) return iri;
      return "/id/" + iri.substring(config.base.length).split("/").map(encodeURIComponent).join("/");
    }
    return "/describe?iri=" + encodeURIComponent(iri);
  }
  function relink(root) {
    root.querySelectorAll("a.iri:not([data-kg])").forEach(function (a) {
      var iri = a.getAttribute("href");
      a.setAttribute("data-kg", iri);
      a.setAttribute("href", pageFor(iri));
      a.setAttribute("target", "_self");
      a.removeAttribute("rel");
    });
  }
  var holder = document.getElementById("yasgui");
  // Yasr's cell handlers would swallow the click (to expand the cell); a result IRI opens its page.
  holder.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a.iri[data-kg]");
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    window.location.assign(a.getAttribute("href"));
  }, true);
  new MutationObserver(function () { relink(holder); }).observe(holder, { childList: true, subtree: true });

  document.querySelectorAll("a.saved-query").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var text = a.parentNode.querySelector("textarea.saved-sparql").value;
      var current = yasgui.getTab();
      current.setQuery(text);
      current.getYasqe().query();
    });
  });
})();
