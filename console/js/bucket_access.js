// What a bucket's settings mean for anonymous access, in words: Block Public Access, Object
// Ownership (ACLs on or off), the bucket ACL's public grants and the policy's public statements.
// Pure: it reads the settings the settings view fetched, and decides nothing the server does not
// (the server's own answer, GetBucketPolicyStatus's IsPublic, is passed in and shown as is).

const EVERYONE = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

const list = (x) => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]);

// A statement's Principal names everyone ("*" or {"AWS": "*"}).
function namesEveryone(principal) {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") return list(principal.AWS).includes("*");
  return false;
}

// "read", "write", "list"... for the actions a statement allows.
function verbs(actions) {
  const out = new Set();
  for (const raw of list(actions)) {
    const a = String(raw).toLowerCase();
    if (a === "*" || a === "s3:*") {
      out.add("read, written, listed and deleted");
      continue;
    }
    if (a === "s3:getobject" || a === "s3:get*" || a === "s3:getobject*") out.add("readable");
    else if (a === "s3:putobject" || a === "s3:put*") out.add("writable");
    else if (a === "s3:listbucket" || a === "s3:list*") out.add("listable");
    else if (a === "s3:deleteobject" || a === "s3:delete*") out.add("deletable");
    else out.add(`open to ${raw}`);
  }
  return [...out];
}

// "every object", "objects under public/", "the bucket itself" for a statement's resources.
function scope(resources, bucket) {
  const base = `arn:aws:s3:::${bucket}`;
  return list(resources).map((r) => {
    if (r === "*" || r === `${base}/*`) return "every object";
    if (r === base) return "the bucket itself (listing)";
    if (r.startsWith(`${base}/`)) {
      const rest = r.slice(base.length + 1);
      return rest.endsWith("*") ? `objects under ${rest.slice(0, -1) || "/"}` : `the object ${rest}`;
    }
    return r;
  });
}

// The policy's Allow statements for everyone: [{what, conditional}].
export function publicStatements(policy, bucket) {
  if (!policy || typeof policy !== "object") return [];
  return list(policy.Statement)
    .filter((s) => s && s.Effect === "Allow" && namesEveryone(s.Principal))
    .map((s) => ({
      what: `${scope(s.Resource, bucket).join(" and ")} ${s.NotAction ? "open to every action but " +
        list(s.NotAction).join(", ") : verbs(s.Action).join(", ")} by anyone`,
      conditional: Boolean(s.Condition && Object.keys(s.Condition).length),
    }));
}

// The public grants of an AccessControlPolicy document: ["READ to everyone", ...].
export function publicGrants(aclDoc) {
  if (!aclDoc) return [];
  const out = [];
  for (const grant of aclDoc.getElementsByTagName("Grant")) {
    const uri = grant.getElementsByTagName("URI")[0]?.textContent ?? "";
    const permission = grant.getElementsByTagName("Permission")[0]?.textContent ?? "";
    if (uri === EVERYONE) out.push(`${permission} to everyone`);
    else if (uri === AUTHENTICATED) out.push(`${permission} to any AWS account`);
  }
  return out;
}

// {headline, lines: [..], open: bool} from
// {bucket, pab: {BlockPublicAcls,..} | null, ownership, policy, policyIsPublic, aclGrants}.
export function describeAccess({ bucket, pab, ownership, policy, policyIsPublic, aclGrants = [] }) {
  const on = (name) => Boolean(pab?.[name]);
  const allBlocked = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
    "RestrictPublicBuckets"].every(on);
  const lines = [];
  let open = false;

  const statements = publicStatements(policy, bucket);
  let conditional = false;
  for (const s of statements) {
    const cond = s.conditional ? " (under the statement's conditions)" : "";
    if (on("RestrictPublicBuckets")) {
      lines.push(`The policy would make ${s.what}${cond}, but "Restrict public buckets" is on: ` +
        "only principals of this account get what it allows, anonymous requests are refused.");
    } else {
      lines.push(`Policy makes ${s.what}${cond}.`);
      // A condition (a source IP range, an account) may narrow "anyone": S3 then does not call
      // the policy public, and neither does the headline.
      if (s.conditional) conditional = true;
      else open = true;
    }
  }
  if (policy && statements.length === 0) {
    lines.push("The policy grants nothing to anonymous requests" +
      (policyIsPublic ? " (but S3's policy status calls it public: check its conditions)." : "."));
  }

  if (ownership === "BucketOwnerEnforced") {
    lines.push("ACLs are disabled (Object Ownership: bucket owner enforced): no ACL can make an " +
      "object or the bucket public.");
  } else if (on("IgnorePublicAcls")) {
    lines.push('Public ACLs are ignored ("Ignore public ACLs" is on).');
  } else {
    for (const g of aclGrants) {
      lines.push(`The bucket ACL grants ${g}.`);
      open = true;
    }
    lines.push(on("BlockPublicAcls")
      ? 'ACLs are enabled, but "Block public ACLs" refuses any new public ACL.'
      : "ACLs are enabled: an object uploaded with a public-read ACL is readable by anyone.");
  }

  let headline;
  if (open) headline = "Some of this bucket is public: anonymous requests can reach it.";
  else if (conditional) headline = "Anonymous requests that meet the policy's conditions can reach it.";
  else if (allBlocked) headline = "Objects are private: Block Public Access is on.";
  else headline = "Objects are private: no policy or ACL grants anonymous access today.";
  return { headline, lines, open };
}
