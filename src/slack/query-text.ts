/**
 * Turns Slack message text into the plain words the query parser reads. Slack sends markup: user
 * mentions `<@U123>` (the bot's own mention leads every app_mention), broadcasts `<!here>`,
 * `<!channel>`, `<!everyone>`, user groups `<!subteam^S1|@team>`, channels `<#C1|general>`, links
 * `<https://…|label>`, and `&amp;`/`&lt;`/`&gt;` for typed `&`, `<`, `>`
 * (api.slack.com/reference/surfaces/formatting, "Retrieving messages").
 *
 * Mentions and broadcasts are dropped (they are never part of a model question, and dropping them means
 * they can never be echoed back); links keep their URL, since a Hugging Face URL names a model.
 */
import { unescapeSlackText } from "./escape.js";

/** Longest query we pass on; the query layer bounds it again, this just stops pathological input early. */
export const SLACK_QUERY_MAX_CHARS = 500;

const MARKUP = /<([^<>]*)>/g;
const SPACES = /\s+/g;

function replaceMarkup(inner: string): string {
	const [target = ""] = inner.split("|", 1);
	// user mentions, broadcasts, user groups and channels carry no words for the query
	if (target.startsWith("@") || target.startsWith("!") || target.startsWith("#")) return " ";
	// links: the URL itself (a Hugging Face model URL is a valid way to name a model)
	return ` ${target} `;
}

/** Plain query text from a slash command's or a mention's `text`. */
export function slackTextToQuery(text: string): string {
	const plain = unescapeSlackText(text.replace(MARKUP, (_m, inner: string) => replaceMarkup(inner)));
	// decoding `&lt;` can rebuild a `<…>`; those are the user's literal characters, kept as text and
	// escaped again by the renderer if they are ever echoed
	return plain.replace(SPACES, " ").trim().slice(0, SLACK_QUERY_MAX_CHARS);
}
