// Stands in for node-emoji under marked-terminal: cka-lab renders notes with `emoji: false`, so
// the emoji table (emojilib, ~200 KB bundled) is never read. `get` finds no emoji.
'use strict';
module.exports = { get: () => undefined };
