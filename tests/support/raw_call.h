// Test support: one unary call by method name with raw request bytes, for
// calls no typed stub can make (malformed messages; every method of every
// service from the descriptors). Header-only: only gRPC tests include it.
#ifndef ZHENGWEN_TESTS_SUPPORT_RAW_CALL_H_
#define ZHENGWEN_TESTS_SUPPORT_RAW_CALL_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <string>

namespace zhengwen::testing {

// Calls `method` ("/package.Service/Method") with `bytes` as the serialized
// request ("" is the empty message) and waits for its status.
inline grpc::Status RawUnaryCall(grpc::GenericStub& stub, grpc::ClientContext* context,
                                 const std::string& method, const std::string& bytes) {
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);  // a buffer with no slice at all is refused
  grpc::CompletionQueue queue;
  auto call = stub.PrepareUnaryCall(context, method, request, &queue);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  if (!queue.Next(&tag, &ok)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "completion queue shut down");
  }
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return status;
}

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_SUPPORT_RAW_CALL_H_
