#!/bin/sh
# Rebuilds the real installed trees docs/BENCHMARKS.md's reachability figures use (npm registry only),
# then measures each with bench/reachability.ts. Usage: sh bench/reachability-trees.sh [dir]
set -e
B=${1:-/tmp/reach-bench}
mkdir -p "$B/express" "$B/cra/src" "$B/cra5/src" "$B/npm10" "$B/verdaccio"
echo '{"name":"app","version":"1.0.0","main":"app.js","dependencies":{"express":"4.16.0","body-parser":"1.18.2","ejs":"2.5.7"},"devDependencies":{"mocha":"5.2.0","webpack":"4.46.0"}}' > "$B/express/package.json"
echo "const express=require('express');const bp=require('body-parser');const app=express();app.use(bp.json());module.exports=app;" > "$B/express/app.js"
echo '{"name":"cra-app","version":"0.1.0","private":true,"dependencies":{"react":"16.13.1","react-dom":"16.13.1","react-scripts":"3.4.1"}}' > "$B/cra/package.json"
printf "import React from 'react';\nimport ReactDOM from 'react-dom';\nimport App from './App';\nReactDOM.render(<App />, document.getElementById('root'));\n" > "$B/cra/src/index.js"
printf "import React from 'react';\nexport default function App() { return <div>app</div>; }\n" > "$B/cra/src/App.js"
echo '{"name":"cra5-app","version":"0.1.0","private":true,"dependencies":{"react":"18.2.0","react-dom":"18.2.0","react-scripts":"5.0.1"}}' > "$B/cra5/package.json"
printf "import React from 'react';\nimport ReactDOM from 'react-dom/client';\nimport App from './App';\nReactDOM.createRoot(document.getElementById('root')).render(<App />);\n" > "$B/cra5/src/index.js"
cp "$B/cra/src/App.js" "$B/cra5/src/App.js"
echo '{"name":"npm-wrapper","version":"1.0.0","private":true,"dependencies":{"npm":"10.9.2"}}' > "$B/npm10/package.json"
echo '{"name":"verdaccio-app","version":"1.0.0","private":true,"dependencies":{"verdaccio":"5.33.0"}}' > "$B/verdaccio/package.json"
for d in express cra cra5 npm10 verdaccio; do (cd "$B/$d" && npm install --ignore-scripts --no-audit --no-fund); done
run() { node --import tsx bench/reachability.ts "$@"; }
run "$B/express"
run "$B/cra" "$B/cra" --entry src/index.js
run "$B/cra" "$B/cra" --entry node_modules/react-scripts/bin/react-scripts.js
run "$B/cra5" "$B/cra5" --entry src/index.js
run "$B/cra5" "$B/cra5" --entry node_modules/react-scripts/bin/react-scripts.js
run "$B/npm10" "$B/npm10/node_modules/npm"
# npm as bundled with this machine's Node.js (read in place; its audit comes from the wrapper above)
NPM_BUNDLED=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
run "$B/npm10" "$NPM_BUNDLED"
run "$B/verdaccio" "$B/verdaccio" --entry node_modules/verdaccio/bin/verdaccio node_modules/verdaccio/build/index.js
# The graph parsed on worker threads against the graph parsed in process (graph, verdicts, every file's loads)
for args in "$B/cra5 --entry node_modules/react-scripts/bin/react-scripts.js" "$B/express" "$B/npm10/node_modules/npm"; do
  node --import tsx bench/reachability-pool-compare.ts $args
done
