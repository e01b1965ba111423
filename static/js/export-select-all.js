// The export page's "select all" box, bound here rather than by an inline onchange attribute,
// which the Content-Security-Policy refuses. onSelectToggleChange comes from django-import-export.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
