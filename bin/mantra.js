#!/usr/bin/env node
// The `mantra` command: the compiled CLI (npm run build:main writes dist/).
import { main } from '../dist/main/cli/cli.js';

main();
