// Every page: suggestions under the search box as the user types, and a fact's sources loaded when opened.
// (A file of its own: the Content-Security-Policy allows scripts from this server only, never inline.)
(function () {
  "use strict";

  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  var timer = null, latest = 0, active = -1;

  function clear() { list.innerHTML = ""; list.hidden = true; active = -1; }

  function item(href, text, extra, cls) {
    var li = document.createElement("li");
    li.setAttribute("role", "option");
    var a = document.createElement("a");
    a.href = href;
    a.className = cls || "";
    a.textContent = text;
    li.appendChild(a);
    if (extra) {
      var span = document.createElement("span");
      span.className = "muted";
      span.textContent = " " + extra;
      li.appendChild(span);
    }
    list.appendChild(li);
  }

  function show(data) {
    list.innerHTML = "";
    data.results.forEach(function (r) {
      var extra = r.type + " · " + r.count + (r.count === 1 ? " article" : " articles") +
        (r.wikidata ? " · " + r.wikidata : "") + (r.alias ? " · “" + r.alias + "”" : "");
      item(r.href, r.label, extra, "suggestion");
    });
    if (!data.results.length && data.did_you_mean.length) {
      data.did_you_mean.forEach(function (name) {
        item("/search?q=" + encodeURIComponent(name), name, "did you mean?", "did-you-mean");
      });
    }
    if (!data.results.length && !data.did_you_mean.length) {
      item("/search?q=" + encodeURIComponent(data.q), "No name contains “" + data.q + "”", "", "none");
    }
    list.hidden = false;
    active = -1;
  }

  function lookup() {
    var text = input.value.trim();
    if (text.length < 2) { clear(); return; }
    var ticket = ++latest;
    fetch("/search/suggest?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (ticket === latest) show(data); })
      .catch(clear);
  }

  function move(step) {
    var links = list.querySelectorAll("a");
    if (!links.length) return;
    active = (active + step + links.length) % links.length;
    links.forEach(function (a, i) { a.classList.toggle("active", i === active); });
  }

  if (input && list) {
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 120); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { clear(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        window.location.assign(list.querySelectorAll("a")[active].href);
      }
    });
    document.addEventListener("click", function (e) { if (!e.target.closest(".search-box")) clear(); });
  }

  // A fact's sources: fetched the first time its <details> opens (the page itself stays short).
  document.querySelectorAll("details.sources[data-src]").forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (!d.open || d.dataset.loaded) return;
      d.dataset.loaded = "1";
      fetch(d.dataset.src).then(function (r) { return r.text(); }).then(function (html) {
        var box = d.querySelector(".sources-list");
        var doc = new DOMParser().parseFromString(html, "text/html");  // our own escaped HTML, parsed inert
        box.replaceChildren.apply(box, Array.from(doc.body.childNodes));
      });
    });
  });
})();
