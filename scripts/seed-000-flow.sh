#!/usr/bin/env bash
# Seed 000's headless flow against a running kassa, with the seed's own requests (host and token
# replaced; `plan-terms-uuid` and the account uuid filled in), then a billing run and a send.
# Usage: KASSA=http://localhost:3000 TOKEN=ks_… scripts/seed-000-flow.sh
# Start kassa first, e.g.: KASSA_NOW=2025-01-01T09:00:00Z SMTP_URL=smtp://127.0.0.1:2525 npm start
set -euo pipefail
: "${KASSA:?set KASSA, e.g. http://localhost:3000}" "${TOKEN:?set TOKEN to a full-scope API token}"
API="$KASSA/api/v1"
H=(-sS -H "Authorization: Token $TOKEN" -H "X-Client-System: YourApp" -H "Content-Type: application/json")

echo "== a plan to sell (the seed assumes one exists)"
curl "${H[@]}" -X POST "$API/plans/" -d '{"code": "TEAM", "name": "Team"}' >/dev/null
PLAN_TERMS=$(curl "${H[@]}" -X POST "$API/plan-terms/" \
  -d '{"plan": "TEAM", "name": "Team, monthly", "price": "100.00", "interval": "month"}' | jq -r .uuid)
echo "plan terms: $PLAN_TERMS"

echo "== step 1: account"
ACCOUNT=$(curl -X POST "$API/accounts/" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" \
-H "X-User: admin@yourapp.com" \
-H "Content-Type: application/json" \
-sS -d '{
"code": "CUST001",
"name": "Acme Corporation",
"email": "billing@acme.com",
"type": "company",
"legal_address": "123 Main Street",
"legal_zipcode": "12345",
"legal_city": "Copenhagen",
"legal_country": "DK"
}')
echo "$ACCOUNT" | jq '{uuid, code, name, email, type}'
ACCOUNT_UUID=$(echo "$ACCOUNT" | jq -r .uuid)

echo "== step 2: contract and a tier"
CONTRACT=$(curl -X POST "$API/accounts/CUST001/contracts/" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" \
-H "Content-Type: application/json" \
-sS -d "{
\"plan_terms\": \"$PLAN_TERMS\",
\"start_date\": \"2025-01-01\",
\"end_date\": \"2025-12-31\"
}")
echo "$CONTRACT" | jq '{uuid, plan_terms, start_date, end_date}'
CONTRACT_UUID=$(echo "$CONTRACT" | jq -r .uuid)
curl -X POST "$API/accounts/CUST001/contracts/$CONTRACT_UUID/tiers/" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" \
-H "Content-Type: application/json" \
-sS -d '{
"minimum_quantity": 10,
"discount": "15.00",
"discount_type": "percentage"
}' | jq -c '.tiers'

echo "== step 3: payment cards (Stripe, QuickPay)"
curl -X POST "$API/paymentcards/" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" \
-H "Content-Type: application/json" \
-sS -d "{
\"account\": \"$ACCOUNT_UUID\",
\"token\": \"pm_1234567890\",
\"gateway\": \"stripe\"
}" | jq -c .
curl -X POST "$API/paymentcards/" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" \
-H "Content-Type: application/json" \
-sS -d "{
\"account\": \"$ACCOUNT_UUID\",
\"token\": \"12345678\",
\"gateway\": \"quickpay\"
}" | jq -c .

echo "== step 4: subscription"
curl -X POST "$API/subscriptions/" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" \
-H "X-User: admin@yourapp.com" \
-H "Content-Type: application/json" \
-sS -d "{
\"account\": \"CUST001\",
\"terms\": \"$PLAN_TERMS\",
\"quantity\": 5,
\"collection_method\": \"card\",
\"start_date\": \"2025-01-01\"
}" | jq '{uuid, account, terms, quantity, collection_method, status, current_period_start, current_period_end}'

echo "== self-service link"
curl -X POST "$KASSA/api/self-service/initiate-organization/" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" \
-H "Content-Type: application/json" \
-sS -d '{
"email": "billing@acme.com"
}' | jq -c .

echo "== billing run"
RUN=$(curl "${H[@]}" -X POST "$API/billing-runs/" -d '{}' | jq -r .uuid)
for _ in $(seq 1 60); do
  STATUS=$(curl "${H[@]}" "$API/billing-runs/$RUN/" | jq -r .status)
  [ "$STATUS" != running ] && break
  sleep 0.5
done
echo "run $RUN: $STATUS"
DRAFT=$(curl "${H[@]}" "$API/invoice-drafts/?account=CUST001&status=draft" | jq -r '.results[0].uuid')

echo "== send the draft"
curl "${H[@]}" -X POST "$API/invoice-drafts/$DRAFT/send/" |
  jq '{number, status, issue_date, due_date, total_ex_vat, total_vat, total, payment_reference, collection_method}'

echo "== invoices, as the seed lists them"
curl "$API/invoices/?created_date__gte=2025-01-01" \
-H "Authorization: Token $TOKEN" \
-H "X-Client-System: YourApp" -sS | jq -c '.results[] | {number, total, status}'
