/* The site menu folds behind one "Menu" button on small screens (issue 14), so that a phone
   shows the page's answer in its first screen. An enhancement only: without JavaScript the
   menu is one line that scrolls sideways. */
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav");
  if (!nav || !window.matchMedia) { return; }
  var list = nav.querySelector("ul");
  var small = window.matchMedia("(max-width: 40rem)");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = nav.getAttribute("data-menu-label") || "Menu";
  button.setAttribute("aria-expanded", "false");
  list.id = list.id || "site-menu";
  button.setAttribute("aria-controls", list.id);
  nav.insertBefore(button, list);

  function fold(folded) {
    nav.classList.toggle("folded", folded);
    button.setAttribute("aria-expanded", folded ? "false" : "true");
  }
  button.addEventListener("click", function () {
    fold(!nav.classList.contains("folded"));
  });
  function follow() {
    nav.classList.toggle("foldable", small.matches);
    fold(small.matches);
  }
  if (small.addEventListener) { small.addEventListener("change", follow); }
  follow();
})();

/* Disclosures marked data-open-wide (the search filters) are closed on small screens, where
   they sit above the results, and open where there is room beside them. */
(function () {
  "use strict";
  if (!window.matchMedia) { return; }
  var wide = window.matchMedia("(min-width: 48.01rem)");
  var panels = document.querySelectorAll("details[data-open-wide]");
  function follow() {
    panels.forEach(function (panel) { panel.open = wide.matches; });
  }
  if (wide.addEventListener) { wide.addEventListener("change", follow); }
  follow();
})();
