// Page behaviour shared by every page (mounted by ui/frame.py, trusted code, no user text):
// 1. the document's language follows the session (screen readers pick their voice from it);
// 2. on a narrow screen the sidebar, drawn over the page, closes after a page change.
const NARROW = "(max-width: 768px)";

function closeSidebar() {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (!sidebar || sidebar.getAttribute("data-collapsed") === "true") return;
  const button = document.querySelector(
    '[data-testid="stSidebarCollapseButton"] button, button[data-testid="stSidebarCollapseButton"]'
  );
  if (button) button.click();
}

export default function (component) {
  const data = component.data || {};
  const lang = data.lang === "fr" ? "fr" : "en";
  document.documentElement.setAttribute("lang", lang);
  const page = String(data.page || "");
  const previous = window.__netlogicPage;
  window.__netlogicPage = page;
  if (previous !== undefined && previous !== page && window.matchMedia(NARROW).matches) {
    // The new page has been drawn under the open sidebar: close it so the page shows.
    window.setTimeout(closeSidebar, 50);
  }
}

// A wide table scrolls sideways on a narrow screen: its scroller must take keyboard focus.
function focusableScrollers() {
  document.querySelectorAll('[data-testid="stTable"] div').forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
    }
  });
}
if (!window.__netlogicScrollers) {
  window.__netlogicScrollers = new MutationObserver(() => window.requestAnimationFrame(focusableScrollers));
  window.__netlogicScrollers.observe(document.body, { childList: true, subtree: true });
}
