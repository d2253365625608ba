/* Names as you type, for every search box with a data-suggest URL (/api/suggest).
   An enhancement only: without it the form submits to the results page as usual.
   ARIA 1.2 combobox: arrows move through the list, Enter opens the highlighted procedure,
   Escape closes the list. */
(function () {
  "use strict";
  var DELAY = 150;
  var MIN_LENGTH = 2;
  var counter = 0;

  function setUp(input) {
    var id = "suggest-" + (++counter);
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var timer = null;
    var request = null;
    var active = -1;
    var items = [];

    list.id = id;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      if (active >= 0 && list.children[active]) {
        list.children[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0) {
        var option = list.children[active];
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, index) {
        var option = document.createElement("li");
        var link = document.createElement("a");
        option.id = id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        link.href = item.url;
        link.tabIndex = -1;
        link.textContent = item.name;
        if (item.code) {
          var code = document.createElement("span");
          code.className = "code";
          code.textContent = " " + item.code;
          link.appendChild(code);
        }
        // Who handles it today, only when a source confirms it (the API says so).
        var handler = item.handler || {};
        var who = document.createElement("span");
        who.className = "meta";
        who.textContent = " · " + (handler.confirmed && handler.level
          ? handler.level.name
          : (input.getAttribute("data-suggest-unconfirmed") || "?"));
        link.appendChild(who);
        option.appendChild(link);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = item.url;
        });
        list.appendChild(option);
      });
      active = -1;
      list.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
      status.textContent = suggestions.length ? list.getAttribute("data-count").replace("%s", suggestions.length) : "";
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        close();
        return;
      }
      if (request) {
        request.abort();
      }
      request = new AbortController();
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(query), {
        signal: request.signal,
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (input.value.trim() === query) {
            show(data.suggestions || []);
          }
        })
        .catch(function () { /* offline or aborted: the form still works */ });
    }

    list.setAttribute("data-count", input.getAttribute("data-suggest-count") || "%s");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].url;
      } else if (event.key === "Escape") {
        event.preventDefault(); // close the list, keep what was typed
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setUp);
})();
