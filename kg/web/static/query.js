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
    // The PREFIX lines folded into one, so the starter query is in view.
    yasqe: { value: config.query, autocompleters: ["variables"], resizeable: true, collapsePrefixesOnLoad: true },
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(config.query);
  tab.getYasqe().collapsePrefixes(true);
  // Yasr's "Simple view" on by default: a literal reads as its value (35, not "35"^^xsd:integer).
  var yasr = tab.getYasr();
  if (yasr && yasr.plugins && yasr.plugins.table) {
    yasr.plugins.table.persistentConfig = Object.assign({}, yasr.plugins.table.persistentConfig, { compact: true });
  }

  // Result IRIs open our own entity pages (/id/... for the graph's IRIs, /describe?iri= for the rest).
  function pageFor(iri) {
    if (iri.indexOf(config.base) === 0) {
      if (config.base.indexOf(window.location.origin + "/id/") === 0) return iri;
      return "/id/" + iri.substring(config.base.length).split("/").map(encodeURIComponent).join("/");
    }
    return "/describe?iri=" + encodeURIComponent(iri);
  }
  function relink(root) {
    var fresh = [];
    root.querySelectorAll("a.iri:not([data-kg])").forEach(function (a) {
      var iri = a.getAttribute("href");
      a.setAttribute("data-kg", iri);
      a.setAttribute("href", pageFor(iri));
      a.setAttribute("target", "_self");
      a.removeAttribute("rel");
      fresh.push(a);
    });
    if (fresh.length) name(fresh);
  }
  // Each result IRI reads as the resource's name (an event's "Negotiation — … · date"), the IRI in its tooltip.
  function name(links) {
    var iris = Array.from(new Set(links.map(function (a) { return a.getAttribute("data-kg"); }))).slice(0, 500);
    fetch("/names", { method: "POST", headers: { "Content-Type": "application/json" },
                      body: JSON.stringify({ iris: iris }) })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (names) {
        links.forEach(function (a) {
          var named = names[a.getAttribute("data-kg")];
          if (named) {
            a.title = a.getAttribute("data-kg");
            a.textContent = named;
            a.classList.add("named");
          }
        });
      })
      .catch(function () {});
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
