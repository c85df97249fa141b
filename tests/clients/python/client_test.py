#!/usr/bin/python3
"""A Python client built from the generated SDK (buf.gen.yaml) against a real server.

Runs with Debian's python3-grpcio and python3-protobuf (hence /usr/bin/python3):

  /usr/bin/python3 tests/clients/python/client_test.py \
      --server build/services/server/zhengwen --sdk build/sdk/python [-v]

It starts `zhengwen serve --target=all` on 127.0.0.1 port 0 with a temporary data
directory, ingests a page, waits for it to be INDEXED, reads its documents back and
finds it with Search, checks
the structured errors (google.rpc.Status with a google.rpc.ErrorInfo reason) of bad
requests, and finally checks that SIGTERM drains the server to exit code 0.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

ARGS = None  # set in main()

# A small page in Simplified Chinese: a title line, an address line and two headed items.
PAGE = """关于加强城市绿化工作的通知

各区、各部门:

为进一步改善城市生态环境,现就加强城市绿化工作通知如下。

一、提高认识。城市绿化是改善人居环境的重要举措,各单位要高度重视。

二、落实责任。各区要明确专人负责,确保各项任务按时完成。
"""
TITLE = "关于加强城市绿化工作的通知"
SENTENCE = "城市绿化是改善人居环境的重要举措"
DOMAIN = "zhengwen.dev"
TIMEOUT = 10  # seconds: the deadline of every call


def import_sdk(sdk_dir):
    sys.path.insert(0, sdk_dir)
    global grpc, status_pb2, error_details_pb2, ingest_pb2, ingest_grpc, query_pb2, query_grpc
    import grpc  # noqa: F401  (python3-grpcio)
    from google.rpc import error_details_pb2, status_pb2  # noqa: F401  (generated)
    from zhengwen.ingest.v1 import ingest_service_pb2 as ingest_pb2  # noqa: F401
    from zhengwen.ingest.v1 import ingest_service_pb2_grpc as ingest_grpc  # noqa: F401
    from zhengwen.query.v1 import query_service_pb2 as query_pb2  # noqa: F401
    from zhengwen.query.v1 import query_service_pb2_grpc as query_grpc  # noqa: F401


def error_details(err):
    """Returns (google.rpc.Status, google.rpc.ErrorInfo or None) of a failed call.

    The server sends the full status in the `grpc-status-details-bin` trailer; its
    details hold a google.rpc.ErrorInfo whose `reason` says what went wrong.
    """
    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    return status, info
            return status, None
    return None, None


class Server:
    """`zhengwen serve --target=all` on loopback, port 0, with its own data directory."""

    def __init__(self, binary):
        self.dir = tempfile.mkdtemp(prefix="zw-pyclient-")
        self.log_path = os.path.join(self.dir, "server.log")
        port_file = os.path.join(self.dir, "port")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [binary, "serve", "--target=all", "--listen=127.0.0.1:0",
             "--data_dir=" + os.path.join(self.dir, "data"), "--port_file=" + port_file,
             "--drain_timeout=5s"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        self.address = ""
        while time.monotonic() < deadline and self.proc.poll() is None:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    self.address = f.read().strip()
                if self.address:
                    break
            time.sleep(0.05)
        if not self.address:
            self.stop()
            raise RuntimeError("server did not start:\n" + self.logs())

    def logs(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        """SIGTERM, then the exit code (None if it had to be killed)."""
        code = self.proc.poll()
        if code is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                code = None
        self.log.close()
        return code

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(ARGS.server)
        cls.channel = grpc.insecure_channel(
            cls.server.address, options=[("grpc.lb_policy_name", "round_robin")])
        grpc.channel_ready_future(cls.channel).result(timeout=TIMEOUT)
        cls.ingest = ingest_grpc.IngestServiceStub(cls.channel)
        cls.query = query_grpc.QueryServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        code = cls.server.stop()
        logs = cls.server.logs()
        cls.server.cleanup()
        if code != 0:
            raise AssertionError(f"server exit code after SIGTERM: {code}\n{logs}")

    def assert_error(self, call, request, code, reason):
        with self.assertRaises(grpc.RpcError) as caught:
            call(request, timeout=TIMEOUT)
        err = caught.exception
        self.assertEqual(err.code(), code, err.details())
        status, info = error_details(err)
        self.assertIsNotNone(status, "no grpc-status-details-bin trailer")
        self.assertEqual(status.code, code.value[0])
        self.assertEqual(status.message, err.details())
        self.assertIsNotNone(info, f"no ErrorInfo in {status}")
        self.assertEqual(info.domain, DOMAIN)
        self.assertEqual(info.reason, reason, err.details())
        return info

    def wait_indexed(self, page_id):
        deadline = time.monotonic() + 30
        while True:
            page = self.ingest.GetPage(
                ingest_pb2.GetPageRequest(page_id=page_id), timeout=TIMEOUT).page
            if page.status == ingest_pb2.PAGE_STATUS_INDEXED:
                return page
            self.assertNotEqual(page.status, ingest_pb2.PAGE_STATUS_FAILED, page.failure_reason)
            self.assertLess(time.monotonic(), deadline,
                            f"page still {ingest_pb2.PageStatus.Name(page.status)}")
            time.sleep(0.05)

    def test_ingest_wait_and_read_documents(self):
        request_id = str(uuid.uuid4())
        request = ingest_pb2.IngestPageRequest(
            request_id=request_id, source_uri="https://example.com/python/notice.html",
            content=PAGE.encode("utf-8"), content_type="text/plain")
        ack = self.ingest.IngestPage(request, timeout=TIMEOUT)
        self.assertRegex(ack.page_id, r"^[0-9a-f]{32}$")
        self.assertFalse(ack.already_present)
        self.assertIn(ack.status, (ingest_pb2.PAGE_STATUS_ACCEPTED,
                                   ingest_pb2.PAGE_STATUS_NORMALIZED,
                                   ingest_pb2.PAGE_STATUS_INDEXED))

        page = self.wait_indexed(ack.page_id)
        self.assertEqual(page.source_uri, request.source_uri)
        self.assertEqual(page.encoding, "UTF-8")
        self.assertEqual(page.size_bytes, len(request.content))
        self.assertGreaterEqual(page.document_count, 1)

        listed = self.query.ListDocuments(
            query_pb2.ListDocumentsRequest(page_id=ack.page_id), timeout=TIMEOUT)
        self.assertEqual(len(listed.documents), page.document_count)
        self.assertEqual(listed.next_page_token, "")
        doc = listed.documents[0]
        self.assertEqual(doc.id, ack.page_id + "-0")
        self.assertEqual(doc.page_id, ack.page_id)
        self.assertEqual(doc.part, 0)
        self.assertEqual(doc.source_uri, request.source_uri)
        self.assertEqual(doc.title, TITLE)
        self.assertIn(SENTENCE, doc.text)
        self.assertEqual(doc.quality.length, len(doc.text))  # code points
        self.assertEqual(doc.quality.input_encoding, "UTF-8")
        self.assertTrue(any(s.heading.startswith("一、") for s in doc.sections), doc.sections)
        self.assertTrue(doc.rules_version)
        self.assertTrue(doc.signatures.minhash)  # uint64 values survive in Python ints

        got = self.query.GetDocument(query_pb2.GetDocumentRequest(id=doc.id), timeout=TIMEOUT)
        self.assertEqual(got.document, doc)

        # Full-text search: a term and an exact phrase, limited to the page's host.
        found = self.query.Search(query_pb2.SearchRequest(
            query='城市绿化 "人居环境"', filter=query_pb2.SearchFilter(source_hosts=["example.com"])),
            timeout=TIMEOUT)
        self.assertGreaterEqual(found.total_hits, 1)
        hit = next(h for h in found.hits if h.id == doc.id)
        self.assertEqual(hit.page_id, ack.page_id)
        self.assertEqual(hit.title, TITLE)
        self.assertGreater(hit.score, 0)
        self.assertIn("城市绿化", hit.snippet)
        self.assertTrue(hit.highlights)
        for span in hit.highlights:  # code-point spans of Document.text
            self.assertIn(doc.text[span.offset:span.offset + span.length], ("城市绿化", "人居环境"))

        # A retry with the same request_id is answered with the original page id.
        again = self.ingest.IngestPage(request, timeout=TIMEOUT)
        self.assertEqual(again.page_id, ack.page_id)
        self.assertTrue(again.already_present)

        stats = self.ingest.GetIngestStats(ingest_pb2.GetIngestStatsRequest(), timeout=TIMEOUT)
        self.assertGreaterEqual(stats.indexed, 1)
        pages = self.ingest.ListPages(
            ingest_pb2.ListPagesRequest(status=ingest_pb2.PAGE_STATUS_INDEXED), timeout=TIMEOUT)
        self.assertIn(ack.page_id, [p.page_id for p in pages.pages])

    def test_structured_errors(self):
        code = grpc.StatusCode
        self.assert_error(self.ingest.IngestPage,
                          ingest_pb2.IngestPageRequest(request_id="empty", source_uri="empty.txt"),
                          code.INVALID_ARGUMENT, "EMPTY_PAGE")
        self.assert_error(self.ingest.IngestPage,
                          ingest_pb2.IngestPageRequest(request_id="binary", source_uri="b.bin",
                                                       content=b"\x00\x01\x02binary\x00" * 8),
                          code.INVALID_ARGUMENT, "BINARY_CONTENT")
        self.assert_error(self.ingest.IngestPage,
                          ingest_pb2.IngestPageRequest(request_id="no-uri", content=b"text"),
                          code.INVALID_ARGUMENT, "MISSING_SOURCE_URI")
        self.assert_error(self.ingest.GetPage, ingest_pb2.GetPageRequest(page_id="0" * 32),
                          code.NOT_FOUND, "PAGE_NOT_FOUND")
        self.assert_error(self.query.GetDocument,
                          query_pb2.GetDocumentRequest(id="0" * 32 + "-0"),
                          code.NOT_FOUND, "DOCUMENT_NOT_FOUND")
        self.assert_error(self.query.ListDocuments, query_pb2.ListDocumentsRequest(page_size=-1),
                          code.INVALID_ARGUMENT, "INVALID_PAGE_SIZE")
        self.assert_error(self.query.Search, query_pb2.SearchRequest(query="-广告"),
                          code.INVALID_ARGUMENT, "INVALID_QUERY")


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="path of the zhengwen binary")
    parser.add_argument("--sdk", required=True, help="generated Python SDK directory")
    ARGS, rest = parser.parse_known_args()
    import_sdk(ARGS.sdk)
    unittest.main(argv=[sys.argv[0]] + rest)


if __name__ == "__main__":
    main()
