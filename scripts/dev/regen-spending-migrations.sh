#!/usr/bin/env bash
# While the spending tables are being built (issue 4): regenerate migrations
# 0004 (tables) and 0005 (append-only triggers) from db/tables/*.ts.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -f db/migrations/0004_*.sql db/migrations/0005_*.sql db/migrations/meta/0004_snapshot.json db/migrations/meta/0005_snapshot.json
node -e '
const fs=require("fs");const p="db/migrations/meta/_journal.json";const j=JSON.parse(fs.readFileSync(p,"utf8"));
j.entries=j.entries.filter(e=>e.idx<4);fs.writeFileSync(p,JSON.stringify(j,null,2)+"\n");'
npx drizzle-kit generate --name spending >/dev/null
npx drizzle-kit generate --custom --name spending_append_only >/dev/null
python3 - <<'PY'
import glob
tables=["budget_lines","routine_spendings","quotes","selection_scores","votes","acceptances","spending_attachments","proposal_payments"]
parts=[]
for t in tables:
    for op in ["update","delete"]:
        parts.append(f"CREATE TRIGGER {t}_no_{op} BEFORE {op.upper()} ON {t}\nBEGIN\n  SELECT RAISE(ABORT, '{t} is append-only');\nEND;")
open(glob.glob("db/migrations/0005_*.sql")[0],"w").write("\n--> statement-breakpoint\n".join(parts)+"\n")
PY
ls db/migrations
