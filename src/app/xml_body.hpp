// XmlBodyConsumer: collects a request's XML document (Delete, CreateBucketConfiguration, CORS,
// Tagging, CompleteMultipartUpload, ...) up to xml::kMaxXmlBody, checks what the request promised
// about it (a signed payload hash, Content-MD5, an x-amz-checksum-*), then hands it to the
// operation's handler. A larger body is refused with MalformedXML as soon as the limit is
// crossed, without reading the rest. Used by dispatch for every row whose BODY is Xml.
#pragma once

#include <string>

#include "exchange_state.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::app {

using XmlHandler = core::Result<core::Response> (*)(ExchangeState& x, std::string body);

// Reads the integrity promises from the header (refusing a malformed or, for a row whose
// INTEGRITY is Required, a missing one now, before any body byte is read) and returns the
// consumer that collects and verifies the document, then calls `handler`.
Started read_xml_document(ExchangeState& x, const router::OperationRow& row, XmlHandler handler);

}  // namespace s3sandbox::app
