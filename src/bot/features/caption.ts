import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { asTypedText } from "./voice.ts";

/** A caption that asks something: a question mark or a question word, in Kazakh or Russian. */
const questionWords =
  /[?？]|(^|[\s,])(қалай|қандай|қашан|қайда|қанша|неше|не үшін|неге|кім|ма|ме|ба|бе|па|пе|ме екен|как|какие|какой|какая|когда|где|сколько|что|почему|зачем|можно|нужно ли|ли)([\s,.!]|$)/iu;

/**
 * Photos and files. A caption that is a question is answered like typed text; a photo or a file
 * without one is most often a copy of a document (a ВКК conclusion), which the bot does not
 * need: the parent is gently told where documents go instead. Nothing is downloaded or kept.
 */
export const captionFeature: FeatureFactory = () => {
  const feature = new FeatureComposer<BotContext>();
  feature.on(["message:photo", "message:document"], async (ctx, next) => {
    const caption = ctx.message.caption?.trim() ?? "";
    if (caption && questionWords.test(caption)) {
      asTypedText(ctx, caption);
      return next();
    }
    await ctx.reply(ctx.t("caption-no-copies"));
  });
  return feature;
};
