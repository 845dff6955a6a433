// Wrapper module: pins the Gateway API release whose standard-channel CRDs (config/crd/standard in the
// sigs.k8s.io/gateway-api module) cka-lab installs into the local cluster for the gateway-api lab.
// fetch.sh downloads the module through the Go module proxy (checked against go.sum) and copies them.
module cka-lab/build/gateway-api

go 1.26.0

require sigs.k8s.io/gateway-api v1.6.3
