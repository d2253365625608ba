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
