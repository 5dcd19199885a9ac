// django-import-export's export form wires its "select all" box with an inline onchange attribute, which the
// Content-Security-Policy blocks; this binds the same handler from a file.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((box) => {
    box.addEventListener("change", (event) => onSelectToggleChange(event));
  });
});
