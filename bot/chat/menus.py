"""Names of the menus a decision can offer; their buttons come from the command table
(``bot.chat.commands``), so a command's place in the menus is stated once."""

MAIN = "main"
WELCOME = "welcome"
PAUSED = "paused"
ABOUT = "about"
AFTER_RESULT = "after_result"
AFTER_RECOMMENDATIONS = "after_recommendations"
NO_RESULT = "no_result"
WHILE_ASKING = "while_asking"
RICH_MENU = "rich_menu"
