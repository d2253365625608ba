// The print view's "In trang này" button: shown only when JavaScript runs (printing works anyway).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
