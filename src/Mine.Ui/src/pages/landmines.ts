import { h, replaceChildren } from "../dom";
import type { PageContext } from "../page";

// Phase 2: the fleet-wide list of current outliers, ranked, with sparklines against their group band.
export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Landmines");
  replaceChildren(
    ctx.main,
    h("h1", {}, "Landmines"),
    h(
      "p",
      {},
      "The servers that work too hard or too little compared with their group will be listed here, ranked by severity and duration. Until then, the render API finds them: ",
      h("code", {}, "outliers(web-*.load.load.shortterm, 3)"),
      ".",
    ),
  );
  ctx.main.dataset.ready = "landmines";
}
