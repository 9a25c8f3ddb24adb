// Per-command answer latency (issue 8), grouped by answer.kind: mean / p50 / p99 µs per kind over the
// 10,000-query bench mix (answer only, parsing included), and the loop's CPU time per query.
// usage: npx tsc -p tsconfig.build.json && node --single-threaded-gc --max-semi-space-size=2 tests/commands/latency-by-kind.mjs <root-with-dist> [count]
// "count" also reports engine calls per answer (estimate, fewestDevices) and how many estimates did not fit.
// Not a test (vitest runs *.test.ts only); a measuring tool kept beside the command tests.
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
const R = pathToFileURL(resolve(process.argv[2] ?? ".")).href;
const COUNT = process.argv[3] === "count";
const { createCommandLayer, defaultServices } = await import(`${R}/dist/commands/index.js`);
const { getCatalog } = await import(`${R}/dist/src/catalog/index.js`);
const { benchmarkQueries } = await import(`${R}/dist/bench/queries.js`);
const qs = benchmarkQueries(getCatalog(), 10000);
const base = defaultServices();
const calls = { estimate: 0, fewest: 0, screen: 0 };
let et=0; const s = COUNT ? { ...base, estimate: (r) => { calls.estimate++; const t=performance.now(); try { const e=base.estimate(r); if(e.fit?.verdict!=='fits') calls.nofit=(calls.nofit??0)+1; if(r.hardware&&r.hardware.devices.length===1&&r.hardware.devices[0].count===1) calls.single=(calls.single??0)+1; return e;} finally { et+=performance.now()-t; } }, fewestDevices: (a, b, c) => { calls.fewest++; return base.fewestDevices(a, b, c); }, singleDeviceScreen: (r) => { calls.screen++; return base.singleDeviceScreen(r); } } : base;
const layer = createCommandLayer(() => s);
const P=["discord","slack","cli"];
for (let i=0;i<3000;i++) await layer.answerQuery(qs[i],{platform:P[i%3]});
const by = new Map();
const c0=process.cpuUsage(); const t0=performance.now();
for (let i=0;i<qs.length;i++){const e0=calls.estimate, f0=calls.fewest, et0=et, n0=calls.nofit??0, s0=calls.single??0; const t=performance.now(); const a=await layer.answerQuery(qs[i],{platform:P[i%3]}); const dt=(performance.now()-t)*1000; let l=by.get(a.kind); if(!l){l={t:[],e:0,f:0};by.set(a.kind,l);} l.t.push(dt); l.e+=calls.estimate-e0; l.et=(l.et??0)+et-et0; l.n=(l.n??0)+(calls.nofit??0)-n0; l.s=(l.s??0)+(calls.single??0)-s0; l.f+=calls.fewest-f0;}
const total=performance.now()-t0; const cu=process.cpuUsage(c0);
const out=[`wall ${(total/qs.length*1000).toFixed(1)}µs cpu ${((cu.user+cu.system)/qs.length).toFixed(1)}µs`];
for (const [k,o] of [...by].sort()){const l=o.t; l.sort((a,b)=>a-b); const m=l.reduce((a,b)=>a+b,0)/l.length; out.push(`${k}(${l.length}) mean ${m.toFixed(0)} p50 ${l[l.length>>1].toFixed(0)} p99 ${l[Math.floor(l.length*0.99)].toFixed(0)}${COUNT?` est/q ${(o.e/l.length).toFixed(1)} fewest/q ${(o.f/l.length).toFixed(1)} estµs/q ${(o.et/l.length*1000).toFixed(0)} nofit/q ${(o.n/l.length).toFixed(1)} single/q ${(o.s/l.length).toFixed(1)}`:""}`);}
console.log(out.join(" | "));
