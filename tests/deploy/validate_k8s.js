#!/usr/bin/env node
// Offline validation of the Kubernetes manifests (no cluster needed).
//
//   node tests/deploy/validate_k8s.js [--server=build/services/server/zhengwen]
//        [--expect-errors=CODE,CODE...] [KUSTOMIZATION_DIR...]
//
// Each KUSTOMIZATION_DIR (default: every deploy/k8s/overlays/*) is rendered with
// `kubectl kustomize`, and every rendered object is checked:
//   SCHEMA         validate() of its kubernetes-models class (Kubernetes API schema)
//   UNKNOWN_FIELD  fields the API does not know (type-checked against the
//                  kubernetes-models interfaces, as kubectl --validate=strict would)
// and then the deployment's own rules (codes below in `check*` functions): gRPC
// probes on numeric ports, requests and limits, a volume per stateful pod, PDB or
// HPA coverage, headless Services matching the configured addresses, NetworkPolicies
// that allow exactly the call graph, grace periods that cover the drain, a non-root
// restricted security context, Secrets and token files that line up, /metrics
// (plaintext in the server) kept off the network beside TLS, and (with
// --server) that every ZHENGWEN_* setting names a flag the server binary knows and
// meets that binary's access rules (no plaintext network listen without
// --insecure, no network listen without tokens).
//
// With --expect-errors the run succeeds only if every listed code was reported
// (used by the test that feeds it deliberately broken manifests).
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");
for (const pkg of ["yaml", "typescript", "kubernetes-models"]) {
  if (!fs.existsSync(path.join(ROOT, "node_modules", pkg))) {
    console.error(`node_modules/${pkg} is missing: run npm install (package.json lists it)`);
    process.exit(1);
  }
}
const YAML = require(path.join(ROOT, "node_modules/yaml"));
const ts = require(path.join(ROOT, "node_modules/typescript"));

// What the product needs, from docs/running.md and ARCHITECTURE.md §6.
const COMPONENTS = {
  ingest: { kind: "StatefulSet", calls: ["normalization", "query"], clients: true, rpcTimeout: true },
  query: { kind: "StatefulSet", calls: [], clients: true, rpcTimeout: false },
  normalization: { kind: "Deployment", calls: [], clients: false, rpcTimeout: false },
};
const GRPC_PORT_NAME = "grpc";
const METRICS_NAMESPACE = "monitoring";
const GRACE_MARGIN_SECONDS = 5;
const CLIENT_LABEL = { "zhengwen.dev/client": "true" };
// Secrets the operator creates (deploy/k8s/make-tokens.sh), never rendered from git.
const EXTERNAL_SECRETS = {
  "zhengwen-tokens": ["tokens", "service-token"],
  "zhengwen-tls": ["tls.crt", "tls.key", "ca.crt"],
};
const NAMESPACED_KINDS = new Set(["ConfigMap", "Service", "ServiceAccount", "Deployment",
  "StatefulSet", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Secret"]);

// ---------------------------------------------------------------- helpers

function parseArgs(argv) {
  const args = { server: "", expect: [], dirs: [] };
  for (const a of argv) {
    if (a.startsWith("--server=")) args.server = a.slice("--server=".length);
    else if (a.startsWith("--expect-errors=")) args.expect = a.slice(16).split(",").filter(Boolean);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else args.dirs.push(path.resolve(a));
  }
  if (args.dirs.length === 0) {
    const overlays = path.join(ROOT, "deploy/k8s/overlays");
    args.dirs = fs.readdirSync(overlays).sort().map((d) => path.join(overlays, d))
      .filter((d) => fs.existsSync(path.join(d, "kustomization.yaml")));
  }
  return args;
}

function selectorMatches(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels || {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions || []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const val = labels[e.key];
    if (e.operator === "In" && !(has && e.values.includes(val))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(val)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

// Go duration ("10s", "1m30s", "500ms") to seconds.
function durationSeconds(text) {
  const units = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, "µs": 1e-6, ns: 1e-9 };
  let total = 0;
  let rest = String(text).trim();
  if (!rest) return NaN;
  while (rest) {
    const m = /^([0-9.]+)(ms|us|µs|ns|h|m|s)/.exec(rest);
    if (!m) return NaN;
    total += parseFloat(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

const QUANTITY = { "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2,
  Gi: 1024 ** 3, Ti: 1024 ** 4 };
function quantity(q) {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q));
  return m && m[2] in QUANTITY ? parseFloat(m[1]) * QUANTITY[m[2]] : NaN;
}

// ---------------------------------------------------------------- one render

class Report {
  constructor() { this.errors = []; this.checks = 0; }
  error(code, where, message) { this.errors.push({ code, where, message }); }
  ok() { this.checks++; }
}

function render(dir) {
  try {
    return execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (e.code === "ENOENT") {
      e.message = "kubectl not found: it ships with the machine image (or install kubectl >= 1.27, " +
        "whose built-in kustomize renders these overlays)";
    }
    throw e;
  }
}

function modelClass(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const modulePath = path.join(ROOT, "node_modules/kubernetes-models", group, version, obj.kind);
  try {
    return require(modulePath)[obj.kind];
  } catch (e) {
    return undefined;
  }
}

function checkSchemas(objects, report) {
  for (const obj of objects) {
    const where = `${obj.kind}/${obj.metadata && obj.metadata.name}`;
    const Model = modelClass(obj);
    if (!Model) {
      report.error("UNKNOWN_KIND", where, `no kubernetes-models class for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
      report.ok();
    } catch (e) {
      report.error("SCHEMA", where, e.message);
    }
  }
}

// Unknown fields: each object becomes a typed object literal, and TypeScript's
// excess-property check reports every field its interface lacks.
function checkUnknownFields(objects, report) {
  const lines = [];
  const owner = []; // line index -> object
  objects.forEach((obj, i) => {
    if (!modelClass(obj)) return;
    const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
    const mod = ["kubernetes-models", group, version, obj.kind].filter(Boolean).join("/");
    lines.push(`import type { I${obj.kind} as T${i} } from "${mod}";`);
    owner.push(undefined);
    for (const l of `export const o${i}: T${i} = ${JSON.stringify(obj, null, 1)};`.split("\n")) {
      lines.push(l);
      owner.push(obj);
    }
  });
  // A virtual file inside the repo, so "kubernetes-models" resolves from node_modules.
  const file = path.join(ROOT, "tests/deploy/__rendered_objects__.ts");
  const text = lines.join("\n");
  const options = { strict: true, noEmit: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 ?? 2,
    target: ts.ScriptTarget.ES2020 };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) =>
    path.resolve(name) === file ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && path.resolve(d.file.fileName) === file);
  for (const d of diagnostics) {
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const obj = owner[line];
    const where = obj ? `${obj.kind}/${obj.metadata.name}` : `line ${line + 1}`;
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    const known = /known properties|does not exist in type/.test(message);
    report.error(known ? "UNKNOWN_FIELD" : "SCHEMA", where, message.slice(0, 400));
  }
  if (diagnostics.length === 0) report.ok();
}

// ---------------------------------------------------------------- the model

function buildModel(objects) {
  const by = (kind) => objects.filter((o) => o.kind === kind);
  const configMaps = new Map(by("ConfigMap").map((c) => [c.metadata.name, c]));
  const namespaces = new Map(by("Namespace").map((n) => [n.metadata.name,
    { ...(n.metadata.labels || {}), "kubernetes.io/metadata.name": n.metadata.name }]));
  const workloads = [...by("Deployment"), ...by("StatefulSet")].map((w) => {
    const podSpec = w.spec.template.spec;
    const container = podSpec.containers[0];
    // Environment as the container sees it: envFrom ConfigMaps, then env.
    const env = {};
    for (const from of container.envFrom || []) {
      if (from.configMapRef) Object.assign(env, (configMaps.get(from.configMapRef.name) || {}).data || {});
    }
    for (const e of container.env || []) if (e.value !== undefined) env[e.name] = e.value;
    const ports = {};
    for (const c of podSpec.containers) for (const p of c.ports || []) if (p.name) ports[p.name] = p.containerPort;
    const labels = w.spec.template.metadata.labels || {};
    return { obj: w, name: w.metadata.name, kind: w.kind, namespace: w.metadata.namespace || "",
      component: labels["app.kubernetes.io/component"], labels, podSpec, container, env, ports };
  });
  return { objects, by, configMaps, namespaces, workloads };
}

function where(w) { return `${w.kind}/${w.name}`; }

// ---------------------------------------------------------------- the rules

function checkNamespacesAndImages(model, report) {
  for (const o of model.objects) {
    if (NAMESPACED_KINDS.has(o.kind) && !o.metadata.namespace) {
      report.error("NAMESPACE", `${o.kind}/${o.metadata.name}`, "no namespace (an overlay sets it)");
    } else report.ok();
  }
  for (const w of model.workloads) {
    for (const c of w.podSpec.containers) {
      const image = c.image || "";
      const tagged = image.includes("@sha256:") || /:[^/]+$/.test(image);
      if (!tagged || image.endsWith(":latest")) {
        report.error("IMAGE_TAG", where(w), `image "${image}" needs an explicit tag or digest (not latest)`);
      } else report.ok();
    }
  }
}

function checkWorkloadKinds(model, report) {
  for (const [component, spec] of Object.entries(COMPONENTS)) {
    const found = model.workloads.filter((w) => w.component === component);
    if (found.length !== 1) {
      report.error("WORKLOAD", component, `expected one workload for ${component}, found ${found.length}`);
      continue;
    }
    const w = found[0];
    if (w.kind !== spec.kind) report.error("WORKLOAD", where(w), `${component} must be a ${spec.kind}`);
    const args = w.container.args || [];
    if (args[0] !== "serve" || !args.includes(`--target=${component}`)) {
      report.error("ARGS", where(w), `args must be ["serve", "--target=${component}"], got ${JSON.stringify(args)}`);
    }
    // ingest and query own unsharded RocksDB data: more pods would split it.
    if (w.kind === "StatefulSet" && w.obj.spec.replicas !== 1) {
      report.error("STATEFUL_REPLICAS", where(w), `replicas must be 1 (unsharded RocksDB per pod), got ${w.obj.spec.replicas}`);
    }
    report.ok();
  }
}

// The server container (the first) answers gRPC health probes; a sidecar
// (e.g. the metrics TLS proxy) needs liveness and readiness probes of its own,
// of any kind, on a port it declares.
function checkProbes(model, report) {
  const expected = { livenessProbe: "liveness", readinessProbe: "readiness" };
  for (const w of model.workloads) {
    for (const c of w.podSpec.containers) {
      const declared = new Set((c.ports || []).map((p) => p.containerPort));
      const names = new Set((c.ports || []).map((p) => p.name).filter(Boolean));
      const server = c === w.container;
      for (const probeName of ["livenessProbe", "readinessProbe", "startupProbe"]) {
        const probe = c[probeName];
        if (!probe) {
          if (probeName !== "startupProbe") report.error("PROBE", where(w), `${c.name}: no ${probeName}`);
          continue;
        }
        if (!server) {
          const action = probe.grpc || probe.tcpSocket || probe.httpGet;
          if (!action || !(declared.has(action.port) || names.has(action.port))) {
            report.error("PROBE", where(w), `${c.name}: ${probeName} must probe a port the container declares`);
          } else report.ok();
          continue;
        }
        if (!probe.grpc) {
          report.error("PROBE", where(w), `${c.name}: ${probeName} must be a gRPC probe`);
          continue;
        }
        if (typeof probe.grpc.port !== "number" || !declared.has(probe.grpc.port)) {
          report.error("PROBE", where(w), `${c.name}: ${probeName} port ${probe.grpc.port} must be a numeric containerPort`);
        }
        const want = expected[probeName];
        if (want && probe.grpc.service !== want) {
          report.error("PROBE", where(w), `${c.name}: ${probeName} must check the health service "${want}"`);
        }
        if (probeName === "startupProbe" && !["liveness", "readiness"].includes(probe.grpc.service)) {
          report.error("PROBE", where(w), `${c.name}: startupProbe must check "liveness" or "readiness"`);
        }
        report.ok();
      }
    }
    if (w.ports[GRPC_PORT_NAME] === undefined) report.error("PROBE", where(w), `no container port named ${GRPC_PORT_NAME}`);
  }
}

// /metrics is plaintext HTTP in the server (docs/security.md, "Metrics").
// Beside TLS gRPC it must listen on the pod's loopback only, with a sidecar
// in front that owns the port named `metrics`, mounts the zhengwen-tls Secret
// and forwards to that loopback port. Without TLS, the server's own port
// named `metrics` must be the one it listens on (so NetworkPolicies cover it).
function checkMetricsExposure(model, report) {
  for (const w of model.workloads) {
    const listen = w.env.ZHENGWEN_METRICS_LISTEN;
    if (!listen) continue;
    const host = listen.replace(/:[0-9]+$/, "").replace(/^\[|\]$/g, "");
    const port = Number(listen.split(":").pop());
    const loopback = host.startsWith("127.") || host === "::1" || host === "localhost";
    const owner = w.podSpec.containers.find((c) => (c.ports || []).some((p) => p.name === "metrics"));
    if (!loopback) {
      if (w.env.ZHENGWEN_TLS_CERT_FILE) {
        report.error("METRICS", where(w), `ZHENGWEN_METRICS_LISTEN=${listen} serves plaintext on the network beside TLS gRPC: listen on 127.0.0.1 behind a TLS proxy sidecar`);
      } else if (owner !== w.container || w.ports.metrics !== port) {
        report.error("METRICS", where(w), `the server's port named metrics must be ${port}, the port of ZHENGWEN_METRICS_LISTEN`);
      } else report.ok();
      continue;
    }
    if (!owner) continue; // loopback only and not exposed: nothing to check
    const secrets = new Set((owner.volumeMounts || []).map((m) => {
      const vol = (w.podSpec.volumes || []).find((v) => v.name === m.name) || {};
      return vol.secret && vol.secret.secretName;
    }));
    const configText = (owner.volumeMounts || []).map((m) => {
      const vol = (w.podSpec.volumes || []).find((v) => v.name === m.name) || {};
      const cm = vol.configMap && model.configMaps.get(vol.configMap.name);
      return cm ? Object.values(cm.data || {}).join("\n") : "";
    }).join("\n") + [...(owner.command || []), ...(owner.args || [])].join(" ");
    if (owner === w.container) {
      report.error("METRICS", where(w), "ZHENGWEN_METRICS_LISTEN is loopback, but the server container declares the metrics port: a proxy sidecar must own it");
    } else if (!secrets.has("zhengwen-tls")) {
      report.error("METRICS", where(w), `${owner.name} serves the metrics port without the zhengwen-tls Secret mounted (no TLS)`);
    } else if (!configText.includes(`127.0.0.1:${port}`)) {
      report.error("METRICS", where(w), `${owner.name} does not forward to the server's metrics at 127.0.0.1:${port}`);
    } else report.ok();
  }
}

function checkResources(model, report) {
  for (const w of model.workloads) {
    for (const c of w.podSpec.containers) {
      const r = c.resources || {};
      for (const kind of ["requests", "limits"]) {
        for (const res of ["cpu", "memory"]) {
          if (!r[kind] || r[kind][res] === undefined) {
            report.error("RESOURCES", where(w), `${c.name}: resources.${kind}.${res} not set`);
          }
        }
      }
      for (const res of ["cpu", "memory"]) {
        if (r.requests && r.limits && quantity(r.requests[res]) > quantity(r.limits[res])) {
          report.error("RESOURCES", where(w), `${c.name}: ${res} request above its limit`);
        }
      }
      report.ok();
    }
  }
}

function checkVolumes(model, report) {
  for (const w of model.workloads) {
    const dataDir = w.env.ZHENGWEN_DATA_DIR;
    const claims = (w.obj.spec.volumeClaimTemplates || []).map((t) => t.metadata.name);
    if (w.kind === "StatefulSet") {
      const mount = (w.container.volumeMounts || []).find((m) => claims.includes(m.name));
      if (claims.length === 0 || !mount) {
        report.error("VOLUME", where(w), "a StatefulSet needs a volumeClaimTemplate mounted in its container");
      } else if (mount.mountPath !== dataDir) {
        report.error("VOLUME", where(w), `volume mounted at ${mount.mountPath}, but ZHENGWEN_DATA_DIR is ${dataDir}`);
      } else {
        for (const t of w.obj.spec.volumeClaimTemplates) {
          const size = t.spec && t.spec.resources && t.spec.resources.requests && t.spec.resources.requests.storage;
          if (!size) report.error("VOLUME", where(w), `volumeClaimTemplate ${t.metadata.name} has no storage request`);
        }
        report.ok();
      }
    } else {
      // A Deployment must be stateless: no persistent volume of its own.
      const persistent = (w.podSpec.volumes || []).filter((v) => v.persistentVolumeClaim || v.hostPath);
      if (persistent.length > 0) report.error("VOLUME", where(w), "a Deployment must not hold state (persistentVolumeClaim/hostPath)");
      else report.ok();
    }
  }
}

function checkDisruption(model, report) {
  const pdbs = model.by("PodDisruptionBudget");
  const hpas = model.by("HorizontalPodAutoscaler");
  for (const pdb of pdbs) {
    if (!model.workloads.some((w) => w.namespace === (pdb.metadata.namespace || "") && selectorMatches(pdb.spec.selector, w.labels))) {
      report.error("DISRUPTION", `PodDisruptionBudget/${pdb.metadata.name}`, "selects no workload");
    }
  }
  for (const hpa of hpas) {
    const ref = hpa.spec.scaleTargetRef;
    if (!model.workloads.some((w) => w.kind === ref.kind && w.name === ref.name)) {
      report.error("HPA", `HorizontalPodAutoscaler/${hpa.metadata.name}`, `targets missing ${ref.kind}/${ref.name}`);
    } else if (hpa.spec.minReplicas > hpa.spec.maxReplicas) {
      report.error("HPA", `HorizontalPodAutoscaler/${hpa.metadata.name}`, "minReplicas above maxReplicas");
    }
  }
  for (const w of model.workloads) {
    const pdb = pdbs.find((p) => (p.metadata.namespace || "") === w.namespace && selectorMatches(p.spec.selector, w.labels));
    const hpa = hpas.find((h) => h.spec.scaleTargetRef.kind === w.kind && h.spec.scaleTargetRef.name === w.name);
    const stateless = w.kind === "Deployment" && !(w.podSpec.volumes || []).some((v) => v.persistentVolumeClaim);
    if (w.kind === "StatefulSet" && !pdb) {
      report.error("DISRUPTION", where(w), "a stateful workload needs a PodDisruptionBudget");
    } else if (!pdb && !(stateless && hpa)) {
      report.error("DISRUPTION", where(w), "not covered by a PodDisruptionBudget, nor stateless with an HPA");
    } else report.ok();
    if (w.component === "normalization" && !hpa) report.error("HPA", where(w), "normalization scales with a HorizontalPodAutoscaler");
    if (hpa && w.obj.spec.replicas !== undefined) {
      report.error("HPA", where(w), "leave `replicas` unset when an HPA owns the count (apply would reset it)");
    }
  }
}

function checkServicesAndAddresses(model, report) {
  const services = model.by("Service");
  for (const w of model.workloads) {
    const svc = services.find((s) => (s.metadata.namespace || "") === w.namespace && s.spec.selector &&
      Object.entries(s.spec.selector).every(([k, v]) => w.labels[k] === v));
    if (!svc) {
      report.error("SERVICE", where(w), "no Service selects its pods");
      continue;
    }
    if (svc.spec.clusterIP !== "None") report.error("SERVICE", `Service/${svc.metadata.name}`, "must be headless (clusterIP: None) for dns:/// + round_robin");
    if (w.kind === "StatefulSet" && w.obj.spec.serviceName !== svc.metadata.name) {
      report.error("SERVICE", where(w), `serviceName ${w.obj.spec.serviceName} is not its headless Service ${svc.metadata.name}`);
    }
    const grpc = (svc.spec.ports || []).find((p) => p.name === GRPC_PORT_NAME);
    const listenPort = Number(String(w.env.ZHENGWEN_LISTEN || "").split(":").pop());
    if (!grpc) report.error("SERVICE", `Service/${svc.metadata.name}`, `no port named ${GRPC_PORT_NAME}`);
    else if (w.ports[GRPC_PORT_NAME] !== listenPort) {
      report.error("SERVICE", where(w), `containerPort ${w.ports[GRPC_PORT_NAME]} differs from ZHENGWEN_LISTEN ${w.env.ZHENGWEN_LISTEN}`);
    }
    report.ok();
  }
  // The addresses ingest dials must name those Services and their gRPC port.
  const ingest = model.workloads.find((w) => w.component === "ingest");
  if (!ingest) return;
  for (const [key, component] of [["ZHENGWEN_NORMALIZATION_ADDR", "normalization"], ["ZHENGWEN_QUERY_ADDR", "query"]]) {
    const value = ingest.env[key] || "";
    const m = /^dns:\/\/\/([a-z0-9-]+)(?:\.([a-z0-9-]+))?(?:\.svc(?:\.[a-z0-9.-]+)?)?:([0-9]+)$/.exec(value);
    if (!m) {
      report.error("ADDRESS", where(ingest), `${key}="${value}" must be dns:///<service>:<port> (round_robin needs every pod address)`);
      continue;
    }
    const ns = m[2] || ingest.namespace;
    const svc = services.find((s) => s.metadata.name === m[1] && (s.metadata.namespace || "") === ns);
    const target = model.workloads.find((w) => w.component === component);
    if (!svc || !target || !Object.entries(svc.spec.selector || {}).every(([k, v]) => target.labels[k] === v)) {
      report.error("ADDRESS", where(ingest), `${key} names Service ${m[1]}, which does not select the ${component} pods`);
    } else if (!(svc.spec.ports || []).some((p) => p.port === Number(m[3]))) {
      report.error("ADDRESS", where(ingest), `${key}: Service ${m[1]} has no port ${m[3]}`);
    } else if (svc.spec.clusterIP !== "None") {
      report.error("ADDRESS", where(ingest), `${key}: Service ${m[1]} is not headless`);
    } else report.ok();
  }
}

function checkGrace(model, report) {
  for (const w of model.workloads) {
    const spec = COMPONENTS[w.component];
    const preStop = (((w.container.lifecycle || {}).preStop || {}).exec || {}).command || [];
    const sleep = preStop[0] === "sleep" ? Number(preStop[1]) : ((((w.container.lifecycle || {}).preStop || {}).sleep || {}).seconds || 0);
    const drain = durationSeconds(w.env.ZHENGWEN_DRAIN_TIMEOUT || "10s");
    const rpc = spec && spec.rpcTimeout ? durationSeconds(w.env.ZHENGWEN_RPC_TIMEOUT || "10s") : 0;
    const need = sleep + drain + rpc + GRACE_MARGIN_SECONDS;
    const grace = w.podSpec.terminationGracePeriodSeconds ?? 30;
    if (!(grace >= need)) {
      report.error("GRACE", where(w), `terminationGracePeriodSeconds ${grace} < preStop ${sleep}s + drain ${drain}s + rpc ${rpc}s + ${GRACE_MARGIN_SECONDS}s`);
    } else report.ok();
  }
}

function checkSecurity(model, report) {
  for (const w of model.workloads) {
    const pod = w.podSpec.securityContext || {};
    for (const c of w.podSpec.containers) {
      const sc = c.securityContext || {};
      const runAsNonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
      const runAsUser = sc.runAsUser ?? pod.runAsUser;
      const problems = [];
      if (runAsNonRoot !== true) problems.push("runAsNonRoot: true");
      if (!(Number.isInteger(runAsUser) && runAsUser > 0)) problems.push("a numeric non-zero runAsUser");
      if (sc.allowPrivilegeEscalation !== false) problems.push("allowPrivilegeEscalation: false");
      if (sc.readOnlyRootFilesystem !== true) problems.push("readOnlyRootFilesystem: true");
      if (!((sc.capabilities || {}).drop || []).includes("ALL")) problems.push("capabilities.drop: [ALL]");
      const seccomp = (sc.seccompProfile || pod.seccompProfile || {}).type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push("seccompProfile RuntimeDefault");
      if (problems.length) report.error("SECURITY", where(w), `${c.name} needs ${problems.join(", ")}`);
      else report.ok();
    }
  }
}

function checkConfig(model, report, serverFlags) {
  for (const w of model.workloads) {
    for (const c of w.podSpec.containers) {
      for (const from of c.envFrom || []) {
        if (from.configMapRef && !model.configMaps.has(from.configMapRef.name) && !from.configMapRef.optional) {
          report.error("CONFIG_REF", where(w), `envFrom ConfigMap ${from.configMapRef.name} is not rendered`);
        }
      }
    }
    for (const v of w.podSpec.volumes || []) {
      if (v.configMap && !model.configMaps.has(v.configMap.name) && !v.configMap.optional) {
        report.error("CONFIG_REF", where(w), `volume ${v.name}: ConfigMap ${v.configMap.name} is not rendered`);
      }
    }
    // Settings the binary does not know would be ignored silently: refuse them.
    if (serverFlags) {
      for (const key of Object.keys(w.env).filter((k) => k.startsWith("ZHENGWEN_"))) {
        const flag = key.slice("ZHENGWEN_".length).toLowerCase();
        if (!serverFlags.has(flag)) report.error("FLAG", where(w), `${key}: the server has no --${flag} flag`);
      }
    }
    report.ok();
  }
  // Normalization's rules: the ConfigMap with rules.txt, mounted where the
  // rules file setting (when the server has one) points.
  const norm = model.workloads.find((w) => w.component === "normalization");
  if (!norm) return;
  const mounts = (norm.container.volumeMounts || []).map((m) => {
    const vol = (norm.podSpec.volumes || []).find((v) => v.name === m.name) || {};
    return { path: m.mountPath, configMap: vol.configMap && model.configMaps.get(vol.configMap.name) };
  });
  const rules = mounts.find((m) => m.configMap && m.configMap.data && "rules.txt" in m.configMap.data);
  if (!rules) {
    report.error("RULES", where(norm), "no ConfigMap with rules.txt mounted");
    return;
  }
  const version = /^version\t\S+/m.test(rules.configMap.data["rules.txt"]);
  if (!version) report.error("RULES", where(norm), "rules.txt has no `version<TAB>...` line");
  const file = norm.env.ZHENGWEN_RULES_FILE;
  if (file !== undefined && file !== path.posix.join(rules.path, "rules.txt")) {
    report.error("RULES", where(norm), `ZHENGWEN_RULES_FILE=${file} is not the mounted ${rules.path}/rules.txt`);
  }
  report.ok();
}

// The server's own security rules (docs/security.md), when the binary has them: a
// network address without TLS needs --insecure, and without a token file every
// call from the network is refused; ingest then needs a service token too.
function checkAccess(model, report, serverFlags) {
  for (const w of model.workloads) {
    const mounts = new Map();
    for (const m of w.container.volumeMounts || []) {
      const vol = (w.podSpec.volumes || []).find((v) => v.name === m.name) || {};
      mounts.set(m.mountPath, vol);
    }
    for (const v of w.podSpec.volumes || []) {
      if (!v.secret) continue;
      const rendered = model.by("Secret").some((x) => x.metadata.name === v.secret.secretName);
      if (!rendered && !(v.secret.secretName in EXTERNAL_SECRETS) && !v.secret.optional) {
        report.error("SECRET_REF", where(w), `volume ${v.name}: Secret ${v.secret.secretName} is neither rendered nor a documented external Secret`);
      } else report.ok();
    }
    for (const key of ["ZHENGWEN_TOKEN_FILE", "ZHENGWEN_SERVICE_TOKEN_FILE", "ZHENGWEN_TLS_CERT_FILE",
      "ZHENGWEN_TLS_KEY_FILE", "ZHENGWEN_TLS_CA_FILE"]) {
      const file = w.env[key];
      if (!file) continue;
      const vol = mounts.get(path.posix.dirname(file));
      const keys = vol && vol.secret && (vol.secret.items ? vol.secret.items.map((i) => i.path)
        : EXTERNAL_SECRETS[vol.secret.secretName]);
      if (!vol || !vol.secret) report.error("TOKENS", where(w), `${key}=${file} is not on a mounted Secret`);
      else if (keys && !keys.includes(path.posix.basename(file))) {
        report.error("TOKENS", where(w), `${key}=${file}: Secret ${vol.secret.secretName} has no key ${path.posix.basename(file)}`);
      } else report.ok();
    }
    if (!serverFlags) continue;
    const host = String(w.env.ZHENGWEN_LISTEN || "").replace(/:[0-9]+$/, "").replace(/^\[|\]$/g, "");
    const loopback = host.startsWith("127.") || host === "::1" || host === "localhost";
    const tls = Boolean(w.env.ZHENGWEN_TLS_CERT_FILE);
    if (serverFlags.has("insecure") && !loopback && !tls && w.env.ZHENGWEN_INSECURE !== "true") {
      report.error("INSECURE", where(w), `the server refuses plaintext on ${w.env.ZHENGWEN_LISTEN} without TLS or ZHENGWEN_INSECURE=true`);
    }
    if (serverFlags.has("token_file") && !loopback && !w.env.ZHENGWEN_TOKEN_FILE) {
      report.error("TOKENS", where(w), "listening on the network without ZHENGWEN_TOKEN_FILE: the server would refuse every call");
    }
    if (serverFlags.has("service_token_file") && w.component === "ingest" && w.env.ZHENGWEN_TOKEN_FILE &&
        !w.env.ZHENGWEN_SERVICE_TOKEN_FILE && !w.env.ZHENGWEN_TLS_CA_FILE) {
      report.error("TOKENS", where(w), "ingest needs ZHENGWEN_SERVICE_TOKEN_FILE (or mTLS) to call normalization and query");
    }
    report.ok();
  }
}

// ------------------------------------------------- NetworkPolicy evaluation

// Would traffic from pod `src` to pod `dst` on `port`/`protocol` be allowed?
// Pods are {namespace, labels, ports, ours}; policies bind only our namespace(s).
function allowed(model, src, dst, port, protocol = "TCP") {
  const policies = model.by("NetworkPolicy");
  const nsLabels = (ns) => model.namespaces.get(ns) || { "kubernetes.io/metadata.name": ns };
  const types = (p) => p.spec.policyTypes || (p.spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
  const peerMatches = (peer, policyNs, pod) => {
    if (peer.ipBlock) return true; // an IP range may hold any pod: count it as allowing all
    if (peer.namespaceSelector) {
      if (!selectorMatches(peer.namespaceSelector, nsLabels(pod.namespace)) &&
          Object.keys(peer.namespaceSelector).length > 0) return false;
      return !peer.podSelector || selectorMatches(peer.podSelector, pod.labels);
    }
    return pod.namespace === policyNs && selectorMatches(peer.podSelector || {}, pod.labels);
  };
  const portMatches = (ports, target) => !ports || ports.length === 0 || ports.some((p) => {
    if ((p.protocol || "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    const number = typeof p.port === "number" ? p.port : target.ports[p.port];
    return number === port || (p.endPort !== undefined && port >= number && port <= p.endPort);
  });
  const direction = (pod, type, rulesKey, peersKey, other) => {
    const selecting = policies.filter((p) => (p.metadata.namespace || "") === pod.namespace &&
      selectorMatches(p.spec.podSelector, pod.labels) && types(p).includes(type));
    if (!pod.ours || selecting.length === 0) return true; // not isolated
    return selecting.some((p) => (p.spec[rulesKey] || []).some((rule) => {
      const peers = rule[peersKey];
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, p.metadata.namespace || "", other));
      return peerOk && portMatches(rule.ports, dst);
    }));
  };
  return direction(src, "Egress", "egress", "to", dst) && direction(dst, "Ingress", "ingress", "from", src);
}

function checkNetworkPolicies(model, report) {
  const pods = {};
  for (const w of model.workloads) {
    pods[w.component] = { name: w.component, namespace: w.namespace, labels: w.labels, ports: w.ports, ours: true };
  }
  if (Object.keys(pods).length !== Object.keys(COMPONENTS).length) return; // WORKLOAD already reported
  const ns = pods.ingest.namespace;
  const outsider = (name, namespace, labels, ports = {}) => ({ name, namespace, labels, ports, ours: false });
  const client = outsider("a client pod (zhengwen.dev/client=true)", "clients", CLIENT_LABEL);
  const sameNsClient = outsider("a client pod in the namespace", ns, CLIENT_LABEL);
  const stranger = outsider("an unlabelled pod", "elsewhere", {});
  const sameNsStranger = outsider("an unlabelled pod in the namespace", ns, {});
  const monitoring = outsider("Prometheus", METRICS_NAMESPACE, {});
  const dns = outsider("cluster DNS", "kube-system", { "k8s-app": "kube-dns" });
  const internet = outsider("anything else", "elsewhere", { app: "web" }, { https: 443 });
  const expect = (src, dst, port, want, protocol = "TCP") => {
    const got = allowed(model, src, dst, port, protocol);
    if (got !== want) {
      report.error("NETPOL", `${src.name} -> ${dst.name}:${port}/${protocol}`,
        want ? "must be allowed but is denied" : "must be denied but is allowed");
    } else report.ok();
  };
  for (const [srcName, spec] of Object.entries(COMPONENTS)) {
    for (const dstName of Object.keys(COMPONENTS)) {
      const want = spec.calls.includes(dstName);
      expect(pods[srcName], pods[dstName], pods[dstName].ports[GRPC_PORT_NAME], want);
    }
    expect(pods[srcName], internet, 443, false);
    expect(pods[srcName], dns, 53, spec.calls.length > 0, "UDP");
    const dst = pods[srcName];
    const grpcPort = dst.ports[GRPC_PORT_NAME];
    expect(client, dst, grpcPort, COMPONENTS[srcName].clients);
    expect(sameNsClient, dst, grpcPort, COMPONENTS[srcName].clients);
    expect(stranger, dst, grpcPort, false);
    expect(sameNsStranger, dst, grpcPort, false);
    if (dst.ports.metrics !== undefined) {
      expect(monitoring, dst, dst.ports.metrics, true);
      expect(stranger, dst, dst.ports.metrics, false);
    }
  }
}

// ---------------------------------------------------------------- main

function serverFlagsOf(binary) {
  if (!binary) return undefined;
  let help = "";
  try {
    help = execFileSync(binary, ["--helpfull"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    help = `${e.stdout || ""}${e.stderr || ""}`; // --helpfull exits non-zero
  }
  const flags = new Set([...help.matchAll(/^\s+--([a-z0-9_]+) \(/gm)].map((m) => m[1]));
  if (flags.size === 0) throw new Error(`no flags in ${binary} --helpfull`);
  return flags;
}

function validateDir(dir, serverFlags) {
  const report = new Report();
  let objects;
  try {
    objects = YAML.parseAllDocuments(render(dir)).map((d) => d.toJSON()).filter(Boolean);
  } catch (e) {
    report.error("RENDER", dir, String(e.stderr || e.message).trim());
    return { report, count: 0 };
  }
  checkSchemas(objects, report);
  checkUnknownFields(objects, report);
  const model = buildModel(objects);
  checkNamespacesAndImages(model, report);
  checkWorkloadKinds(model, report);
  checkProbes(model, report);
  checkResources(model, report);
  checkVolumes(model, report);
  checkDisruption(model, report);
  checkServicesAndAddresses(model, report);
  checkGrace(model, report);
  checkSecurity(model, report);
  checkConfig(model, report, serverFlags);
  checkAccess(model, report, serverFlags);
  checkMetricsExposure(model, report);
  checkNetworkPolicies(model, report);
  return { report, count: objects.length };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const serverFlags = serverFlagsOf(args.server);
  const seen = new Set();
  let failed = 0;
  for (const dir of args.dirs) {
    const { report, count } = validateDir(dir, serverFlags);
    const name = path.relative(ROOT, dir) || dir;
    for (const e of report.errors) {
      console.log(`${name}: ERROR [${e.code}] ${e.where}: ${e.message}`);
      seen.add(e.code);
    }
    console.log(`${name}: ${count} objects, ${report.checks} checks passed, ${report.errors.length} errors`);
    if (report.errors.length) failed++;
  }
  if (args.expect.length) {
    const missing = args.expect.filter((c) => !seen.has(c));
    if (missing.length) {
      console.log(`FAIL: expected errors not reported: ${missing.join(", ")}`);
      process.exit(1);
    }
    if (failed === 0) {
      console.log("FAIL: expected the manifests to be refused");
      process.exit(1);
    }
    console.log(`every expected error was reported: ${args.expect.join(", ")}`);
    return;
  }
  console.log(`${args.dirs.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
