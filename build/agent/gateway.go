// The Gateway API status of the gateway-api lab (labs/gateway-api), written as a Gateway controller
// would (gateway.networking.k8s.io/v1; condition types and reasons of the Gateway API v1.6 apis/v1
// types: gatewayclass_types.go, gateway_types.go, shared_types.go). The controller name is
// cka-lab.dev/gateway-controller; objects of any other controller are left alone.
//
//   - GatewayClass of that controllerName: Accepted True (Accepted).
//   - Gateway of such a class: Accepted and Programmed True, status.addresses an IP of the load
//     balancer range the local cluster gives LoadBalancer Services (172.18.0.0/16, see
//     cluster/stages/service-load-balancer.yaml): 172.18.255.1-254, kept for the Gateway's life;
//     per listener its supportedKinds (HTTPRoute for HTTP and HTTPS), attachedRoutes, and the
//     conditions Accepted, Programmed, ResolvedRefs and Conflicted. A listener of another protocol
//     is Accepted False (UnsupportedProtocol); a Gateway with no valid listener is Accepted False
//     (ListenersNotValid) and Programmed False (Invalid); with some valid listeners it is Accepted True
//     with reason ListenersNotValid, naming the first listener that cannot be configured. An HTTPS listener whose tls.certificateRefs
//     do not name a Secret of type kubernetes.io/tls in the Gateway's namespace is ResolvedRefs False
//     (InvalidCertificateRef; RefNotPermitted for another namespace) and Programmed False (Invalid).
//   - HTTPRoute whose parentRefs name such a Gateway: one status.parents entry per parentRef, with
//     Accepted False NoMatchingParent (no listener of that sectionName or port),
//     NotAllowedByListeners (allowedRoutes forbid the route's namespace or kind) or
//     NoMatchingListenerHostname (no listener hostname meets the route's hostnames), else True; and
//     ResolvedRefs False BackendNotFound (a backend Service does not exist), InvalidKind (a backend
//     that is not a core Service) or RefNotPermitted (a Service of another namespace: ReferenceGrants
//     are not read), else True. Entries of other controllers stay as they are.
//
// The CRDs come when a lab needs them (src/cluster/gateway-crds.ts), so the controller waits for the
// API server to serve them, then watches the three kinds, Services, Namespaces and Secrets, and reconciles
// everything at once on any change (a lab cluster holds a few dozen of these objects).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listers "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

const (
	gatewayControllerName = "cka-lab.dev/gateway-controller"
	gatewayGroup          = "gateway.networking.k8s.io"
	gatewayFieldManager   = "cka-lab-gateway-controller"
	gatewayAddressPrefix  = "172.18.255."
)

var (
	gatewayClassGVR = schema.GroupVersionResource{Group: gatewayGroup, Version: "v1", Resource: "gatewayclasses"}
	gatewayGVR      = schema.GroupVersionResource{Group: gatewayGroup, Version: "v1", Resource: "gateways"}
	httpRouteGVR    = schema.GroupVersionResource{Group: gatewayGroup, Version: "v1", Resource: "httproutes"}
)

type gatewayController struct {
	dyn        dynamic.Interface
	client     kubernetes.Interface
	queue      workqueue.TypedRateLimitingInterface[string]
	classes    cache.GenericLister
	gateways   cache.GenericLister
	routes     cache.GenericLister
	services   listers.ServiceLister
	namespaces listers.NamespaceLister
	secrets    listers.SecretLister
}

// runGatewayController starts the controller; it returns at once and stops with ctx.
func runGatewayController(ctx context.Context, config *rest.Config, client kubernetes.Interface) {
	c := &gatewayController{
		dyn:    dynamic.NewForConfigOrDie(config),
		client: client,
		queue:  workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
	}
	go func() {
		<-ctx.Done()
		c.queue.ShutDown()
	}()
	go c.run(ctx)
}

// gatewayAPIServed says whether the API server serves GatewayClasses, Gateways and HTTPRoutes.
func gatewayAPIServed(client kubernetes.Interface) bool {
	list, err := client.Discovery().ServerResourcesForGroupVersion(gatewayGroup + "/v1")
	if err != nil {
		return false
	}
	found := map[string]bool{}
	for _, r := range list.APIResources {
		found[r.Name] = true
	}
	return found["gatewayclasses"] && found["gateways"] && found["httproutes"]
}

func (c *gatewayController) run(ctx context.Context) {
	for !gatewayAPIServed(c.client) {
		select {
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
	}
	enqueue := func(any) { c.queue.Add("all") }
	handler := cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
		DeleteFunc: enqueue,
	}
	dyn := dynamicinformer.NewDynamicSharedInformerFactory(c.dyn, 0)
	for _, gvr := range []schema.GroupVersionResource{gatewayClassGVR, gatewayGVR, httpRouteGVR} {
		_, _ = dyn.ForResource(gvr).Informer().AddEventHandler(handler)
	}
	c.classes = dyn.ForResource(gatewayClassGVR).Lister()
	c.gateways = dyn.ForResource(gatewayGVR).Lister()
	c.routes = dyn.ForResource(httpRouteGVR).Lister()
	typed := informers.NewSharedInformerFactory(c.client, 0)
	_, _ = typed.Core().V1().Services().Informer().AddEventHandler(handler)
	_, _ = typed.Core().V1().Namespaces().Informer().AddEventHandler(handler)
	_, _ = typed.Core().V1().Secrets().Informer().AddEventHandler(handler)
	c.services = typed.Core().V1().Services().Lister()
	c.namespaces = typed.Core().V1().Namespaces().Lister()
	c.secrets = typed.Core().V1().Secrets().Lister()
	dyn.Start(ctx.Done())
	typed.Start(ctx.Done())
	dyn.WaitForCacheSync(ctx.Done())
	typed.WaitForCacheSync(ctx.Done())
	fmt.Fprintln(os.Stderr, "cka-lab-agent: writing the status of Gateway API objects of "+gatewayControllerName)
	c.queue.Add("all")
	// One key ("all"): every change re-reconciles the whole Gateway API status.
	for processNext(ctx, c.queue, "Gateway API status, ", func(ctx context.Context, _ string) error {
		return c.reconcile(ctx)
	}) {
	}
}

// condition is a metav1.Condition as JSON; lastTransitionTime is filled in by withTimes.
type condition map[string]any

func cond(typ string, ok bool, reason, message string, generation int64) condition {
	status := "False"
	if ok {
		status = "True"
	}
	return condition{"type": typ, "status": status, "reason": reason, "message": message, "observedGeneration": generation}
}

// withTimes gives each condition the lastTransitionTime of the old condition of its type when its
// status did not change, else now (metav1.Condition semantics).
func withTimes(conditions []condition, old []any) []any {
	now := time.Now().UTC().Format(time.RFC3339)
	out := make([]any, 0, len(conditions))
	for _, c := range conditions {
		c["lastTransitionTime"] = now
		for _, o := range old {
			m, _ := o.(map[string]any)
			if m["type"] == c["type"] && m["status"] == c["status"] && m["lastTransitionTime"] != nil {
				c["lastTransitionTime"] = m["lastTransitionTime"]
			}
		}
		out = append(out, map[string]any(c))
	}
	return out
}

// listener is what the controller makes of one listener of a Gateway.
type listener struct {
	name     string
	port     int64
	hostname string // "" for any host
	valid    bool
	kinds    []any // supportedKinds
	badKinds bool
	badCert  string // why the certificateRefs of an HTTPS listener do not resolve, "" when they do
	certWhy  string // the reason of that: InvalidCertificateRef or RefNotPermitted
	from     string
	selector labels.Selector
	attached int64
}

// ourGateway is a Gateway of one of our GatewayClasses, with its listeners.
type ourGateway struct {
	obj       *unstructured.Unstructured
	listeners []*listener
}

func (c *gatewayController) reconcile(ctx context.Context) error {
	classes, err := c.classes.List(labels.Everything())
	if err != nil {
		return err
	}
	ours := map[string]bool{}
	for _, o := range classes {
		class := o.(*unstructured.Unstructured)
		name, _, _ := unstructured.NestedString(class.Object, "spec", "controllerName")
		if name != gatewayControllerName || class.GetDeletionTimestamp() != nil {
			continue
		}
		ours[class.GetName()] = true
		old, _, _ := unstructured.NestedSlice(class.Object, "status", "conditions")
		status := map[string]any{"conditions": withTimes([]condition{
			cond("Accepted", true, "Accepted", "Accepted by "+gatewayControllerName, class.GetGeneration()),
		}, old)}
		if err := c.writeStatus(ctx, gatewayClassGVR, class, status); err != nil {
			return err
		}
	}
	gatewayObjs, err := c.gateways.List(labels.Everything())
	if err != nil {
		return err
	}
	gateways := map[string]*ourGateway{} // namespace/name
	var keys []string
	for _, o := range gatewayObjs {
		gw := o.(*unstructured.Unstructured)
		className, _, _ := unstructured.NestedString(gw.Object, "spec", "gatewayClassName")
		if !ours[className] || gw.GetDeletionTimestamp() != nil {
			continue
		}
		key := gw.GetNamespace() + "/" + gw.GetName()
		gateways[key] = &ourGateway{obj: gw, listeners: c.readListeners(gw)}
		keys = append(keys, key)
	}
	routeObjs, err := c.routes.List(labels.Everything())
	if err != nil {
		return err
	}
	for _, o := range routeObjs {
		route := o.(*unstructured.Unstructured)
		if route.GetDeletionTimestamp() != nil {
			continue
		}
		if err := c.reconcileRoute(ctx, route, gateways); err != nil {
			return err
		}
	}
	// Oldest first, so an older Gateway keeps its address when two claim one.
	sort.Slice(keys, func(i, j int) bool {
		a, b := gateways[keys[i]].obj.GetCreationTimestamp(), gateways[keys[j]].obj.GetCreationTimestamp()
		if !a.Equal(&b) {
			return a.Before(&b)
		}
		return keys[i] < keys[j]
	})
	used := map[string]bool{}
	for _, key := range keys {
		gw := gateways[key]
		address := currentAddress(gw.obj)
		if address == "" || used[address] {
			address = ""
			for i := 1; i <= 254 && address == ""; i++ {
				if candidate := fmt.Sprintf("%s%d", gatewayAddressPrefix, i); !used[candidate] && !takenByOther(candidate, gw.obj, gateways) {
					address = candidate
				}
			}
		}
		used[address] = true
		if err := c.writeStatus(ctx, gatewayGVR, gw.obj, gatewayStatus(gw, address)); err != nil {
			return err
		}
	}
	return nil
}

// takenByOther says whether another Gateway already shows `address` in its status.
func takenByOther(address string, self *unstructured.Unstructured, gateways map[string]*ourGateway) bool {
	for _, gw := range gateways {
		if gw.obj.GetUID() != self.GetUID() && currentAddress(gw.obj) == address {
			return true
		}
	}
	return false
}

func currentAddress(gw *unstructured.Unstructured) string {
	addresses, _, _ := unstructured.NestedSlice(gw.Object, "status", "addresses")
	for _, a := range addresses {
		m, _ := a.(map[string]any)
		if v, _ := m["value"].(string); strings.HasPrefix(v, gatewayAddressPrefix) {
			return v
		}
	}
	return ""
}

func (c *gatewayController) readListeners(gw *unstructured.Unstructured) []*listener {
	specs, _, _ := unstructured.NestedSlice(gw.Object, "spec", "listeners")
	out := make([]*listener, 0, len(specs))
	for _, s := range specs {
		m, _ := s.(map[string]any)
		l := &listener{from: "Same", selector: labels.Nothing()}
		l.name, _ = m["name"].(string)
		l.port, _, _ = unstructured.NestedInt64(m, "port")
		l.hostname, _ = m["hostname"].(string)
		protocol, _ := m["protocol"].(string)
		l.valid = protocol == "HTTP" || protocol == "HTTPS"
		if protocol == "HTTPS" {
			l.certWhy, l.badCert = c.certificateProblem(gw.GetNamespace(), m)
		}
		if from, ok, _ := unstructured.NestedString(m, "allowedRoutes", "namespaces", "from"); ok {
			l.from = from
		}
		if sel, ok, _ := unstructured.NestedMap(m, "allowedRoutes", "namespaces", "selector"); ok {
			var ls metav1.LabelSelector
			if data, err := json.Marshal(sel); err == nil && json.Unmarshal(data, &ls) == nil {
				if parsed, err := metav1.LabelSelectorAsSelector(&ls); err == nil {
					l.selector = parsed
				}
			}
		}
		l.kinds = []any{}
		if l.valid {
			kinds, _, _ := unstructured.NestedSlice(m, "allowedRoutes", "kinds")
			if len(kinds) == 0 {
				l.kinds = append(l.kinds, map[string]any{"group": gatewayGroup, "kind": "HTTPRoute"})
			}
			for _, k := range kinds {
				km, _ := k.(map[string]any)
				group, ok := km["group"].(string)
				if !ok {
					group = gatewayGroup
				}
				if km["kind"] == "HTTPRoute" && group == gatewayGroup {
					l.kinds = append(l.kinds, map[string]any{"group": gatewayGroup, "kind": "HTTPRoute"})
				} else {
					l.badKinds = true
				}
			}
		}
		out = append(out, l)
	}
	return out
}

func gatewayStatus(gw *ourGateway, address string) map[string]any {
	gen := gw.obj.GetGeneration()
	oldListeners, _, _ := unstructured.NestedSlice(gw.obj.Object, "status", "listeners")
	listeners := make([]any, 0, len(gw.listeners))
	valid, programmed := 0, 0
	notValid := "" // the first listener that cannot be configured, and why
	for _, l := range gw.listeners {
		var old []any
		for _, o := range oldListeners {
			if m, _ := o.(map[string]any); m["name"] == l.name {
				old, _ = m["conditions"].([]any)
			}
		}
		var conditions []condition
		if l.valid {
			valid++
			conditions = []condition{
				cond("Accepted", true, "Accepted", "Listener accepted", gen),
				cond("Programmed", true, "Programmed", "Listener programmed", gen),
			}
			if l.badCert != "" {
				if notValid == "" {
					notValid = fmt.Sprintf("Listener %s: %s", l.name, l.badCert)
				}
				conditions = []condition{
					cond("Accepted", true, "Accepted", "Listener accepted", gen),
					cond("Programmed", false, "Invalid", "Listener not programmed: "+l.badCert, gen),
					cond("ResolvedRefs", false, l.certWhy, l.badCert, gen),
				}
			} else if l.badKinds {
				programmed++
				conditions = append(conditions, cond("ResolvedRefs", false, "InvalidRouteKinds",
					"Only HTTPRoute of "+gatewayGroup+" is supported", gen))
			} else {
				programmed++
				conditions = append(conditions, cond("ResolvedRefs", true, "ResolvedRefs", "All references resolved", gen))
			}
		} else {
			if notValid == "" {
				notValid = fmt.Sprintf("Listener %s: only the protocols HTTP and HTTPS are supported", l.name)
			}
			conditions = []condition{
				cond("Accepted", false, "UnsupportedProtocol", "Only the protocols HTTP and HTTPS are supported", gen),
				cond("Programmed", false, "Invalid", "Listener not accepted", gen),
				cond("ResolvedRefs", true, "ResolvedRefs", "All references resolved", gen),
			}
		}
		conditions = append(conditions, cond("Conflicted", false, "NoConflicts", "No conflicts", gen))
		listeners = append(listeners, map[string]any{
			"name": l.name, "supportedKinds": l.kinds, "attachedRoutes": l.attached, "conditions": withTimes(conditions, old),
		})
	}
	old, _, _ := unstructured.NestedSlice(gw.obj.Object, "status", "conditions")
	conditions := []condition{
		cond("Accepted", true, "Accepted", "Gateway accepted by "+gatewayControllerName, gen),
		cond("Programmed", true, "Programmed", "Gateway programmed: address "+address, gen),
	}
	if notValid != "" {
		// Accepted True with reason ListenersNotValid: some listeners cannot be configured, the rest are.
		conditions[0] = cond("Accepted", true, "ListenersNotValid", notValid, gen)
	}
	if valid > 0 && programmed == 0 {
		conditions[1] = cond("Programmed", false, "Invalid", "No listener is programmed", gen)
	}
	if valid == 0 {
		conditions = []condition{
			cond("Accepted", false, "ListenersNotValid", "No listener is valid", gen),
			cond("Programmed", false, "Invalid", "Gateway not accepted", gen),
		}
	}
	status := map[string]any{"conditions": withTimes(conditions, old), "listeners": listeners}
	if valid > 0 {
		status["addresses"] = []any{map[string]any{"type": "IPAddress", "value": address}}
	}
	return status
}

// reconcileRoute writes one entry of status.parents per parentRef naming a Gateway of ours, and
// counts the route on the listeners it attaches to.
func (c *gatewayController) reconcileRoute(ctx context.Context, route *unstructured.Unstructured, gateways map[string]*ourGateway) error {
	gen := route.GetGeneration()
	refs, _, _ := unstructured.NestedSlice(route.Object, "spec", "parentRefs")
	hostnames, _, _ := unstructured.NestedStringSlice(route.Object, "spec", "hostnames")
	oldParents, _, _ := unstructured.NestedSlice(route.Object, "status", "parents")
	resolved := c.resolvedRefs(route, gen)
	var parents []any
	for _, p := range oldParents {
		if m, _ := p.(map[string]any); m["controllerName"] != gatewayControllerName {
			parents = append(parents, p)
		}
	}
	mine := 0
	for _, r := range refs {
		ref, _ := r.(map[string]any)
		group, ok := ref["group"].(string)
		if !ok {
			group = gatewayGroup
		}
		kind, ok := ref["kind"].(string)
		if !ok {
			kind = "Gateway"
		}
		ns, _ := ref["namespace"].(string)
		if ns == "" {
			ns = route.GetNamespace()
		}
		name, _ := ref["name"].(string)
		gw := gateways[ns+"/"+name]
		if group != gatewayGroup || kind != "Gateway" || gw == nil {
			continue
		}
		mine++
		accepted := c.attach(route, ref, hostnames, gw, gen)
		var old []any
		for _, p := range oldParents {
			if m, _ := p.(map[string]any); m["controllerName"] == gatewayControllerName && sameRef(m["parentRef"], ref) {
				old, _ = m["conditions"].([]any)
			}
		}
		parents = append(parents, map[string]any{
			"parentRef":      ref,
			"controllerName": gatewayControllerName,
			"conditions":     withTimes([]condition{accepted, copyCondition(resolved)}, old),
		})
	}
	if mine == 0 && len(parents) == len(oldParents) {
		return nil
	}
	if parents == nil {
		parents = []any{}
	}
	return c.writeStatus(ctx, httpRouteGVR, route, map[string]any{"parents": parents})
}

func copyCondition(c condition) condition {
	out := condition{}
	for k, v := range c {
		out[k] = v
	}
	return out
}

func sameRef(a any, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// attach decides the Accepted condition of a route for one parentRef and counts it on the listeners
// that take it.
func (c *gatewayController) attach(route *unstructured.Unstructured, ref map[string]any, hostnames []string, gw *ourGateway, gen int64) condition {
	section, _ := ref["sectionName"].(string)
	port, hasPort, _ := unstructured.NestedInt64(ref, "port")
	var candidates []*listener
	for _, l := range gw.listeners {
		if l.valid && (section == "" || l.name == section) && (!hasPort || l.port == port) {
			candidates = append(candidates, l)
		}
	}
	if len(candidates) == 0 {
		return cond("Accepted", false, "NoMatchingParent",
			fmt.Sprintf("Gateway %s has no listener that matches the parentRef (sectionName %q)", gw.obj.GetName(), section), gen)
	}
	var allowed []*listener
	for _, l := range candidates {
		if c.allows(l, gw.obj.GetNamespace(), route.GetNamespace()) && len(l.kinds) > 0 {
			allowed = append(allowed, l)
		}
	}
	if len(allowed) == 0 {
		return cond("Accepted", false, "NotAllowedByListeners",
			fmt.Sprintf("No listener of Gateway %s allows HTTPRoutes from namespace %s", gw.obj.GetName(), route.GetNamespace()), gen)
	}
	var taken []*listener
	for _, l := range allowed {
		if hostnamesIntersect(l.hostname, hostnames) {
			taken = append(taken, l)
		}
	}
	if len(taken) == 0 {
		return cond("Accepted", false, "NoMatchingListenerHostname",
			fmt.Sprintf("No listener hostname of Gateway %s matches the route's hostnames %s", gw.obj.GetName(), strings.Join(hostnames, ", ")), gen)
	}
	for _, l := range taken {
		l.attached++
	}
	return cond("Accepted", true, "Accepted", "Route accepted by Gateway "+gw.obj.GetName(), gen)
}

// allows says whether a listener's allowedRoutes.namespaces admit routes of namespace routeNS.
func (c *gatewayController) allows(l *listener, gatewayNS, routeNS string) bool {
	switch l.from {
	case "All":
		return true
	case "Selector":
		ns, err := c.namespaces.Get(routeNS)
		return err == nil && l.selector.Matches(labels.Set(ns.Labels))
	case "None":
		return false
	default:
		return gatewayNS == routeNS
	}
}

// hostnamesIntersect: a listener without hostname takes any route; a route without hostnames any
// listener; else some route hostname and the listener's must match one another (wildcards: one or
// more labels).
func hostnamesIntersect(listenerHost string, routeHosts []string) bool {
	if listenerHost == "" || len(routeHosts) == 0 {
		return true
	}
	for _, h := range routeHosts {
		if hostMatches(listenerHost, h) || hostMatches(h, listenerHost) {
			return true
		}
	}
	return false
}

// hostMatches: `pattern` (maybe `*.example.com`) covers `host` (maybe itself a wildcard).
func hostMatches(pattern, host string) bool {
	pattern, host = strings.ToLower(pattern), strings.ToLower(host)
	if pattern == host {
		return true
	}
	if !strings.HasPrefix(pattern, "*.") {
		return false
	}
	suffix := pattern[1:]
	return strings.HasSuffix(host, suffix) && len(host) > len(suffix) && host[:len(host)-len(suffix)] != "*"
}

// resolvedRefs is the ResolvedRefs condition of a route: False for the first backendRef that is not
// a core Service of the route's namespace, or a Service that does not exist.
func (c *gatewayController) resolvedRefs(route *unstructured.Unstructured, gen int64) condition {
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	for _, r := range rules {
		rule, _ := r.(map[string]any)
		backends, _, _ := unstructured.NestedSlice(rule, "backendRefs")
		for _, b := range backends {
			ref, _ := b.(map[string]any)
			group, _ := ref["group"].(string)
			kind, ok := ref["kind"].(string)
			if !ok {
				kind = "Service"
			}
			name, _ := ref["name"].(string)
			if group != "" || kind != "Service" {
				return cond("ResolvedRefs", false, "InvalidKind",
					fmt.Sprintf("backendRef %s: only Services (group \"\", kind Service) are supported", name), gen)
			}
			if ns, _ := ref["namespace"].(string); ns != "" && ns != route.GetNamespace() {
				return cond("ResolvedRefs", false, "RefNotPermitted",
					fmt.Sprintf("backendRef %s/%s: a Service of another namespace is not permitted", ns, name), gen)
			}
			if _, err := c.services.Services(route.GetNamespace()).Get(name); apierrors.IsNotFound(err) {
				return cond("ResolvedRefs", false, "BackendNotFound", fmt.Sprintf("Service %q not found", name), gen)
			}
		}
	}
	return cond("ResolvedRefs", true, "ResolvedRefs", "All references resolved", gen)
}

// writeStatus merge-patches `status` into the object's status subresource unless it is there already.
func (c *gatewayController) writeStatus(ctx context.Context, gvr schema.GroupVersionResource, obj *unstructured.Unstructured, status map[string]any) error {
	current, _, _ := unstructured.NestedMap(obj.Object, "status")
	same := true
	for k, v := range status {
		a, _ := json.Marshal(current[k])
		b, _ := json.Marshal(v)
		same = same && string(a) == string(b)
	}
	if same {
		return nil
	}
	patch, _ := json.Marshal(map[string]any{"status": status})
	var err error
	if obj.GetNamespace() == "" {
		_, err = c.dyn.Resource(gvr).Patch(ctx, obj.GetName(), types.MergePatchType, patch,
			metav1.PatchOptions{FieldManager: gatewayFieldManager}, "status")
	} else {
		_, err = c.dyn.Resource(gvr).Namespace(obj.GetNamespace()).Patch(ctx, obj.GetName(), types.MergePatchType, patch,
			metav1.PatchOptions{FieldManager: gatewayFieldManager}, "status")
	}
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// certificateProblem checks the certificateRefs of an HTTPS listener (tls, mode Terminate by default):
// each must name a Secret (group "", kind Secret) of the Gateway's namespace that exists and has type
// kubernetes.io/tls. It returns the reason (InvalidCertificateRef, RefNotPermitted) and the message of the
// first that does not, or "", "".
func (c *gatewayController) certificateProblem(gatewayNS string, listener map[string]any) (string, string) {
	mode, _, _ := unstructured.NestedString(listener, "tls", "mode")
	if mode == "Passthrough" {
		return "", ""
	}
	refs, _, _ := unstructured.NestedSlice(listener, "tls", "certificateRefs")
	if len(refs) == 0 {
		return "InvalidCertificateRef", "an HTTPS listener needs tls.certificateRefs"
	}
	for _, r := range refs {
		ref, _ := r.(map[string]any)
		name, _ := ref["name"].(string)
		group, _ := ref["group"].(string)
		kind, ok := ref["kind"].(string)
		if !ok {
			kind = "Secret"
		}
		if group != "" || kind != "Secret" {
			return "InvalidCertificateRef", fmt.Sprintf("certificateRef %s: only Secrets are supported", name)
		}
		if ns, _ := ref["namespace"].(string); ns != "" && ns != gatewayNS {
			return "RefNotPermitted", fmt.Sprintf("certificateRef %s/%s: a Secret of another namespace is not permitted", ns, name)
		}
		secret, err := c.secrets.Secrets(gatewayNS).Get(name)
		if err != nil {
			return "InvalidCertificateRef", fmt.Sprintf("Secret %q not found", name)
		}
		if secret.Type != "kubernetes.io/tls" {
			return "InvalidCertificateRef", fmt.Sprintf("Secret %q has type %s, not kubernetes.io/tls", name, secret.Type)
		}
	}
	return "", ""
}
