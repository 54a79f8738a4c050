#include "s3sandbox/xml/list_buckets.hpp"

#include <pugixml.hpp>

#include "document.hpp"

namespace s3sandbox::xml {

std::string render_list_buckets_page(const ListBucketsPage& page, const Owner& owner) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ListAllMyBucketsResult");
  pugi::xml_node owner_node = root.append_child("Owner");
  detail::add_text(owner_node, "ID", owner.id);
  if (!owner.display_name.empty()) detail::add_text(owner_node, "DisplayName", owner.display_name);
  pugi::xml_node list = root.append_child("Buckets");
  if (page.buckets.empty()) list.text().set("");  // <Buckets></Buckets>, not <Buckets/>
  for (const storage::BucketInfo& b : page.buckets) {
    pugi::xml_node bucket = list.append_child("Bucket");
    detail::add_text(bucket, "Name", b.name);
    detail::add_time(bucket, "CreationDate", b.created);
    detail::add_text(bucket, "BucketRegion", b.region.empty() ? "us-east-1" : b.region);
  }
  if (!page.continuation_token.empty()) {
    detail::add_text(root, "ContinuationToken", page.continuation_token);
  }
  if (page.prefix) detail::add_text(root, "Prefix", *page.prefix);
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
