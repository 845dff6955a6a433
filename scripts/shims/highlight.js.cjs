// Stands in for highlight.js under cli-highlight (behind marked-terminal, for `lab note`): the
// whole package registers about 190 grammars (~1 MB bundled, ~100 ms to load), and the notes'
// code blocks are YAML and shell only (```yaml, ```bash; ```text and unmarked blocks are not
// highlighted). cli-highlight calls highlight, highlightAuto, listLanguages and getLanguage,
// which the core has. The bundler resolves highlight.js/lib/* from cli-highlight's folder, so
// this is the version cli-highlight depends on.
'use strict';
const hljs = require('highlight.js/lib/core');
hljs.registerLanguage('yaml', require('highlight.js/lib/languages/yaml'));
hljs.registerLanguage('bash', require('highlight.js/lib/languages/bash'));
hljs.registerLanguage('plaintext', require('highlight.js/lib/languages/plaintext'));
module.exports = hljs;
