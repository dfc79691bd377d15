import { formatRecommendationHuman } from "../../domain/routing-format.js";
import { type RecommendArgs, recommendFor } from "../../services/recommend.js";
import { type Ctx, rootOf } from "../context.js";
import { printJson } from "../output.js";
import { reportBroken } from "./shared.js";

export async function runRecommend(ctx: Ctx, args: RecommendArgs): Promise<number> {
  const { view, broken } = await recommendFor(rootOf(ctx), args);
  reportBroken(ctx, broken);
  if (ctx.output === "json") printJson(ctx, view);
  else ctx.io.out(formatRecommendationHuman(view, view.task ? `task ${view.task.id}` : undefined));
  return 0;
}
