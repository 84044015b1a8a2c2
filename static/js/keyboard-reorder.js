// The reorder arrows of django-admin-sortable2 are <i role="button"> elements it listens to for
// clicks; its templates are overridden to put them in the tab order, and here Enter or Space on
// one presses it, as on a real button. Focus stays on the arrow, which moves with its row.
document.addEventListener("keydown", (event) => {
  const arrow = event.target.closest && event.target.closest(".sort i[role='button']");
  if (!arrow || (event.key !== "Enter" && event.key !== " ")) return;
  event.preventDefault();
  arrow.click();
  arrow.focus();
});
