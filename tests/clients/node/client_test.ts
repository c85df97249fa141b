// A Node client built from the generated TypeScript SDK (ts-proto + @grpc/grpc-js)
// against a real server. tests/clients/generate_sdk.sh copies this file next to the
// generated code (OUT/sdk/node-test/) and compiles both with `tsc --strict`; run it as
//   ZW_SERVER_BIN=build/services/server/zhengwen node build/sdk/js/node-test/client_test.js
// It starts `zhengwen serve --target=all` on 127.0.0.1 port 0 with a temporary data
// directory, ingests a page, waits for it to be INDEXED, reads its documents back,
// finds it with Search, checks the structured errors (google.rpc.Status + google.rpc.ErrorInfo) of bad
// requests, and checks that SIGTERM drains the server to exit code 0.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CallOptions,
  ChannelOptions,
  ClientUnaryCall,
  Metadata,
  ServiceError,
  credentials,
  status as grpcStatus,
} from "@grpc/grpc-js";
import { ErrorInfo } from "../ts/google/rpc/error_details";
import { Status } from "../ts/google/rpc/status";
import {
  GetIngestStatsRequest,
  GetPageRequest,
  IngestPageRequest,
  IngestServiceClient,
  ListPagesRequest,
  PageInfo,
  PageStatus,
} from "../ts/zhengwen/ingest/v1/ingest_service";
import {
  GetDocumentRequest,
  ListDocumentsRequest,
  QueryServiceClient,
  SearchRequest,
} from "../ts/zhengwen/query/v1/query_service";

const PAGE = [
  "关于加强城市绿化工作的通知",
  "",
  "各区、各部门:",
  "",
  "为进一步改善城市生态环境,现就加强城市绿化工作通知如下。",
  "",
  "一、提高认识。城市绿化是改善人居环境的重要举措,各单位要高度重视。",
  "",
  "二、落实责任。各区要明确专人负责,确保各项任务按时完成。",
  "",
].join("\n");
const TITLE = "关于加强城市绿化工作的通知";
const SENTENCE = "城市绿化是改善人居环境的重要举措";
const DOMAIN = "zhengwen.dev";
const TIMEOUT_MS = 10_000; // the deadline of every call

// Client-side balancing across every address a dns:/// name resolves to.
const CHANNEL_OPTIONS: ChannelOptions = {
  "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
};

type Callback<Res> = (err: ServiceError | null, res: Res) => void;
type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<Res>,
) => ClientUnaryCall;

// Calls a generated unary method with a deadline and returns a promise.
function unary<C, Req, Res>(client: C, method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, new Metadata(), { deadline: Date.now() + TIMEOUT_MS },
      (err, res) => (err ? reject(err) : resolve(res)));
  });
}

// The google.rpc.Status the server put in the `grpc-status-details-bin` trailer, and
// the google.rpc.ErrorInfo among its details (its `reason` says what went wrong).
export function errorDetails(err: ServiceError): { status?: Status; info?: ErrorInfo } {
  const raw = err.metadata?.get("grpc-status-details-bin")[0];
  if (raw === undefined) return {};
  const status = Status.decode(Buffer.from(raw as Buffer));
  const any = status.details.find((d) => d.typeUrl === "type.googleapis.com/google.rpc.ErrorInfo");
  return { status, info: any ? ErrorInfo.decode(any.value) : undefined };
}

async function expectError(
  promise: Promise<unknown>,
  code: grpcStatus,
  reason: string,
): Promise<ErrorInfo> {
  const err = await promise.then(
    () => assert.fail(`expected ${grpcStatus[code]} ${reason}, got OK`),
    (e: ServiceError) => e,
  );
  assert.equal(err.code, code, err.details);
  const { status, info } = errorDetails(err);
  assert.ok(status, "no grpc-status-details-bin trailer");
  assert.equal(status.code, code);
  assert.equal(status.message, err.details);
  assert.ok(info, `no ErrorInfo in ${JSON.stringify(status)}`);
  assert.equal(info.domain, DOMAIN);
  assert.equal(info.reason, reason, err.details);
  return info;
}

// `zhengwen serve --target=all` on loopback, port 0, with its own data directory.
class Server {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "zw-nodeclient-"));
  readonly logPath = path.join(this.dir, "server.log");
  address = "";
  private proc?: ChildProcess;
  private exitCode: number | null | undefined = undefined;

  async start(binary: string): Promise<void> {
    const portFile = path.join(this.dir, "port");
    const log = fs.openSync(this.logPath, "w");
    this.proc = spawn(binary, [
      "serve", "--target=all", "--listen=127.0.0.1:0", `--data_dir=${this.dir}/data`,
      `--port_file=${portFile}`, "--drain_timeout=5s",
    ], { stdio: ["ignore", log, log] });
    this.proc.on("exit", (code) => { this.exitCode = code; });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && this.exitCode === undefined) {
      if (fs.existsSync(portFile)) {
        this.address = fs.readFileSync(portFile, "utf8").trim();
        if (this.address) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not start:\n${this.logs()}`);
  }

  logs(): string {
    return fs.existsSync(this.logPath) ? fs.readFileSync(this.logPath, "utf8") : "";
  }

  // SIGTERM, then the exit code (null when it had to be killed).
  async stop(): Promise<number | null> {
    const proc = this.proc;
    if (proc === undefined) return null;
    if (this.exitCode === undefined) {
      const exited = new Promise<void>((r) => proc.once("exit", () => r()));
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    return this.exitCode ?? null;
  }
}

const server = new Server();
let ingest: IngestServiceClient;
let query: QueryServiceClient;

before(async () => {
  const binary = process.env.ZW_SERVER_BIN;
  assert.ok(binary, "set ZW_SERVER_BIN to the zhengwen binary");
  await server.start(binary);
  ingest = new IngestServiceClient(server.address, credentials.createInsecure(), CHANNEL_OPTIONS);
  query = new QueryServiceClient(server.address, credentials.createInsecure(), CHANNEL_OPTIONS);
});

after(async () => {
  ingest?.close();
  query?.close();
  const code = await server.stop();
  const logs = server.logs();
  fs.rmSync(server.dir, { recursive: true, force: true });
  assert.equal(code, 0, `server exit code after SIGTERM: ${code}\n${logs}`);
});

async function waitIndexed(pageId: string): Promise<PageInfo> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { page } = await unary(ingest, ingest.getPage, GetPageRequest.fromPartial({ pageId }));
    assert.ok(page);
    if (page.status === PageStatus.PAGE_STATUS_INDEXED) return page;
    assert.notEqual(page.status, PageStatus.PAGE_STATUS_FAILED, page.failureReason);
    assert.ok(Date.now() < deadline, `page still ${PageStatus[page.status]}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("ingest a page, wait for INDEXED, read its documents", async () => {
  const request = IngestPageRequest.fromPartial({
    requestId: randomUUID(),
    sourceUri: "https://example.com/node/notice.html",
    content: Buffer.from(PAGE, "utf8"),
    contentType: "text/plain",
  });
  const ack = await unary(ingest, ingest.ingestPage, request);
  assert.match(ack.pageId, /^[0-9a-f]{32}$/);
  assert.equal(ack.alreadyPresent, false);
  assert.ok([PageStatus.PAGE_STATUS_ACCEPTED, PageStatus.PAGE_STATUS_NORMALIZED,
    PageStatus.PAGE_STATUS_INDEXED].includes(ack.status), PageStatus[ack.status]);

  const page = await waitIndexed(ack.pageId);
  assert.equal(page.sourceUri, request.sourceUri);
  assert.equal(page.encoding, "UTF-8");
  assert.equal(page.sizeBytes, String(request.content.length)); // int64 as a string
  assert.ok(page.documentCount >= 1);

  const listed = await unary(query, query.listDocuments,
    ListDocumentsRequest.fromPartial({ pageId: ack.pageId }));
  assert.equal(listed.documents.length, page.documentCount);
  assert.equal(listed.nextPageToken, "");
  const doc = listed.documents[0];
  assert.equal(doc.id, `${ack.pageId}-0`);
  assert.equal(doc.pageId, ack.pageId);
  assert.equal(doc.part, 0);
  assert.equal(doc.sourceUri, request.sourceUri);
  assert.equal(doc.title, TITLE);
  assert.ok(doc.text.includes(SENTENCE), doc.text);
  assert.equal(doc.quality?.length, [...doc.text].length); // code points
  assert.equal(doc.quality?.inputEncoding, "UTF-8");
  assert.ok(doc.sections.some((s) => s.heading.startsWith("一、")), JSON.stringify(doc.sections));
  assert.ok(doc.rulesVersion);
  // uint64 hashes arrive as decimal strings, beyond Number's safe range intact.
  assert.ok(doc.signatures && doc.signatures.minhash.length > 0);
  assert.ok(doc.signatures.minhash.every((h) => /^[0-9]+$/.test(h)));

  const got = await unary(query, query.getDocument, GetDocumentRequest.fromPartial({ id: doc.id }));
  assert.deepEqual(got.document, doc);

  // Full-text search: a term and an exact phrase, limited to the page's host.
  const found = await unary(query, query.search, SearchRequest.fromPartial({
    query: '城市绿化 "人居环境"', filter: { sourceHosts: ["example.com"] },
  }));
  assert.ok(Number(found.totalHits) >= 1);
  const hit = found.hits.find((h) => h.id === doc.id);
  assert.ok(hit, JSON.stringify(found.hits));
  assert.equal(hit.pageId, ack.pageId);
  assert.equal(hit.title, TITLE);
  assert.ok(hit.score > 0);
  assert.ok(hit.snippet.includes("城市绿化"), hit.snippet);
  assert.ok(hit.highlights.length > 0);
  const codePoints = [...doc.text];
  for (const span of hit.highlights) { // code-point spans of Document.text
    const text = codePoints.slice(span.offset, span.offset + span.length).join("");
    assert.ok(["城市绿化", "人居环境"].includes(text), text);
  }

  // A retry with the same request_id is answered with the original page id.
  const again = await unary(ingest, ingest.ingestPage, request);
  assert.equal(again.pageId, ack.pageId);
  assert.equal(again.alreadyPresent, true);

  const stats = await unary(ingest, ingest.getIngestStats, GetIngestStatsRequest.fromPartial({}));
  assert.ok(Number(stats.indexed) >= 1);
  const pages = await unary(ingest, ingest.listPages,
    ListPagesRequest.fromPartial({ status: PageStatus.PAGE_STATUS_INDEXED }));
  assert.ok(pages.pages.some((p) => p.pageId === ack.pageId));
});

test("bad requests carry a google.rpc.ErrorInfo reason", async () => {
  await expectError(unary(ingest, ingest.ingestPage,
    IngestPageRequest.fromPartial({ requestId: "empty", sourceUri: "empty.txt" })),
    grpcStatus.INVALID_ARGUMENT, "EMPTY_PAGE");
  await expectError(unary(ingest, ingest.ingestPage, IngestPageRequest.fromPartial({
    requestId: "binary", sourceUri: "b.bin",
    content: Buffer.from("\x00\x01\x02binary\x00".repeat(8), "latin1"),
  })), grpcStatus.INVALID_ARGUMENT, "BINARY_CONTENT");
  await expectError(unary(ingest, ingest.ingestPage,
    IngestPageRequest.fromPartial({ requestId: "no-uri", content: Buffer.from("text") })),
    grpcStatus.INVALID_ARGUMENT, "MISSING_SOURCE_URI");
  await expectError(unary(ingest, ingest.getPage, GetPageRequest.fromPartial({ pageId: "0".repeat(32) })),
    grpcStatus.NOT_FOUND, "PAGE_NOT_FOUND");
  await expectError(unary(query, query.getDocument,
    GetDocumentRequest.fromPartial({ id: `${"0".repeat(32)}-0` })),
    grpcStatus.NOT_FOUND, "DOCUMENT_NOT_FOUND");
  await expectError(unary(query, query.listDocuments, ListDocumentsRequest.fromPartial({ pageSize: -1 })),
    grpcStatus.INVALID_ARGUMENT, "INVALID_PAGE_SIZE");
  await expectError(unary(query, query.search, SearchRequest.fromPartial({ query: "-广告" })),
    grpcStatus.INVALID_ARGUMENT, "INVALID_QUERY");
});
