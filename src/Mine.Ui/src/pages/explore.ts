import { h, replaceChildren } from "../dom";
import type { PageContext } from "../page";

// Phase 2: metric tree, target editor with function completion, interactive graph. For now: a target and links.
export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Explore");
  const target = ctx.url.searchParams.get("target") ?? "";
  const input = h("input", { id: "explore-target", name: "target", type: "text", value: target, size: 60, spellcheck: "false", autocomplete: "off" });
  const links = h("p", { class: "links" });
  const show = () => {
    const value = input.value.trim();
    links.textContent = "";
    if (!value) return;
    const q = (format: string) => `/render?${new URLSearchParams({ target: value, from: "-3h", format })}`;
    links.append("This target as ", h("a", { href: q("json") }, "JSON"), ", ", h("a", { href: q("csv") }, "CSV"), ".");
  };
  const form = h("form", { class: "explore-form", method: "get", action: "/explore" }, h("label", { for: "explore-target" }, "Target"), input, h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const p = new URLSearchParams();
    if (input.value.trim()) p.set("target", input.value.trim());
    ctx.replaceQuery(p);
    show();
  });
  replaceChildren(ctx.main, h("h1", {}, "Explore"), form, links);
  show();
  ctx.main.dataset.ready = "explore";
}
