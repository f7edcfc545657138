import { h, replaceChildren } from "../dom";
import type { PageContext } from "../page";

export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Not found");
  replaceChildren(ctx.main, h("h1", {}, "No such page"), h("p", {}, "Mine has no page at ", h("code", {}, ctx.url.pathname), ". ", h("a", { href: "/" }, "Back to the fleet"), "."));
}
