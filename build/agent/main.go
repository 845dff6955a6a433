// Command cka-lab-agent does for the local cluster's kwok nodes the one part of a kubelet's work
// that kwok Stages cannot: looking at other objects. Before a container starts, a kubelet builds its
// environment from the ConfigMaps and Secrets it names (env valueFrom configMapKeyRef/secretKeyRef,
// envFrom); a missing object or key that is not optional stops the container with
// CreateContainerConfigError (k8s.io/kubernetes pkg/kubelet/kubelet_pods.go,
// makeEnvironmentVariables). This agent watches Pods, ConfigMaps and Secrets and writes its verdict
// on each Pod that has not started, in two annotations:
//
//	cka-lab.dev/config-check:  "ok", "missing" (a container's environment) or "unmounted" (a volume)
//	cka-lab.dev/config-errors: {"<container>": "<the kubelet's message>"} when missing,
//	                           {"<volume>": "<the kubelet's FailedMount message>"} when unmounted
//
// Volumes come first, as on a kubelet: a configMap or secret volume whose object (or an item's
// key) is missing keeps the Pod in ContainerCreating with FailedMount Events
// (pkg/volume/configmap, pkg/volume/secret). The Stages of cluster/stages start a Pod only when the
// check says ok (pod-ready.yaml) and turn the others into the kubelet's container state and Event
// (pod-config-error.yaml). When the learner
// creates the missing object, the verdict turns to ok and the Pod starts, as a kubelet's retry would.
// A Pod that has started is left alone: a kubelet reads the environment only at a container's start.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listers "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
)

const (
	checkAnnotation  = "cka-lab.dev/config-check"
	errorsAnnotation = "cka-lab.dev/config-errors"
)

type agent struct {
	client     kubernetes.Interface
	pods       listers.PodLister
	configMaps listers.ConfigMapLister
	secrets    listers.SecretLister
	queue      workqueue.TypedRateLimitingInterface[string]
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster")
	healthAddress := flag.String("health-address", "", "host:port to serve /healthz on (empty: none)")
	flag.Parse()
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cka-lab-agent: cannot read the kubeconfig %s: %v\n", *kubeconfig, err)
		os.Exit(2)
	}
	config.QPS, config.Burst, config.UserAgent = 50, 100, "cka-lab-agent"
	client := kubernetes.NewForConfigOrDie(config)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	factory := informers.NewSharedInformerFactory(client, 0)
	podInformer := factory.Core().V1().Pods()
	cmInformer := factory.Core().V1().ConfigMaps()
	secretInformer := factory.Core().V1().Secrets()
	a := &agent{
		client:     client,
		pods:       podInformer.Lister(),
		configMaps: cmInformer.Lister(),
		secrets:    secretInformer.Lister(),
		queue:      workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
	}
	enqueuePod := func(obj any) {
		if key, err := cache.MetaNamespaceKeyFunc(obj); err == nil {
			a.queue.Add(key)
		}
	}
	_, _ = podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueuePod,
		UpdateFunc: func(_, obj any) { enqueuePod(obj) },
	})
	// A ConfigMap or Secret that comes, changes or goes may change the verdict on the Pods of its namespace.
	namespaceChanged := func(obj any) {
		if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = tomb.Obj
		}
		key, err := cache.MetaNamespaceKeyFunc(obj)
		if err != nil {
			return
		}
		ns, _, _ := cache.SplitMetaNamespaceKey(key)
		pods, _ := a.pods.Pods(ns).List(labels.Everything())
		for _, p := range pods {
			if waiting(p) {
				enqueuePod(p)
			}
		}
	}
	for _, inf := range []cache.SharedIndexInformer{cmInformer.Informer(), secretInformer.Informer()} {
		_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc:    namespaceChanged,
			UpdateFunc: func(_, obj any) { namespaceChanged(obj) },
			DeleteFunc: namespaceChanged,
		})
	}
	runPodReaper(ctx, client, factory) // reaper.go: removes deleted Pods of kwok nodes, as a kubelet
	factory.Start(ctx.Done())
	runBackupOperator(ctx, config, client)    // backups.go: the crds lab's operator
	runGatewayController(ctx, config, client) // gateway.go: Gateway API status for the gateway-api lab

	var synced atomic.Bool
	if *healthAddress != "" {
		mux := http.NewServeMux()
		mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
			if !synced.Load() {
				http.Error(w, "caches not synced", http.StatusServiceUnavailable)
				return
			}
			_, _ = w.Write([]byte("ok"))
		})
		server := &http.Server{Addr: *healthAddress, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
				fmt.Fprintf(os.Stderr, "cka-lab-agent: cannot serve %s: %v\n", *healthAddress, err)
				os.Exit(1)
			}
		}()
	}
	for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			fmt.Fprintf(os.Stderr, "cka-lab-agent: the cache of %v did not sync\n", typ)
			os.Exit(1)
		}
	}
	synced.Store(true)
	fmt.Fprintln(os.Stderr, "cka-lab-agent: watching Pods, ConfigMaps and Secrets")
	for range 2 {
		go func() {
			for processNext(ctx, a.queue, "", a.sync) {
			}
		}()
	}
	<-ctx.Done()
	a.queue.ShutDown()
}

// waiting says whether a Pod's containers have not started yet (a kubelet resolves their
// environment then): phase Pending or not set, not being deleted.
func waiting(p *corev1.Pod) bool {
	return p.DeletionTimestamp == nil && (p.Status.Phase == "" || p.Status.Phase == corev1.PodPending)
}

func (a *agent) sync(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	pod, err := a.pods.Pods(ns).Get(name)
	if apierrors.IsNotFound(err) || (err == nil && !waiting(pod)) {
		return nil
	}
	if err != nil {
		return err
	}
	verdict, errs := "ok", ""
	if problems := a.volumeProblems(pod); len(problems) > 0 {
		data, _ := json.Marshal(problems)
		verdict, errs = "unmounted", string(data)
	} else if problems := a.problems(pod); len(problems) > 0 {
		data, _ := json.Marshal(problems)
		verdict, errs = "missing", string(data)
	}
	if pod.Annotations[checkAnnotation] == verdict && pod.Annotations[errorsAnnotation] == errs {
		return nil
	}
	annotations := map[string]any{checkAnnotation: verdict, errorsAnnotation: nil}
	if errs != "" {
		annotations[errorsAnnotation] = errs
	}
	patch, _ := json.Marshal(map[string]any{"metadata": map[string]any{"annotations": annotations}})
	_, err = a.client.CoreV1().Pods(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{FieldManager: "cka-lab-agent"})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// volumeProblems maps each configMap or secret volume a kubelet could not set up to its FailedMount
// Event message (operationexecutor: "MountVolume.SetUp failed for volume %q : <error>").
func (a *agent) volumeProblems(pod *corev1.Pod) map[string]string {
	out := map[string]string{}
	fail := func(volume, err string) {
		out[volume] = fmt.Sprintf("MountVolume.SetUp failed for volume %q : %s", volume, err)
	}
	for _, v := range pod.Spec.Volumes {
		switch {
		case v.ConfigMap != nil:
			cm, err := a.configMaps.ConfigMaps(pod.Namespace).Get(v.ConfigMap.Name)
			if err != nil {
				if !optional(v.ConfigMap.Optional) {
					fail(v.Name, fmt.Sprintf("configmap %q not found", v.ConfigMap.Name))
				}
				continue
			}
			for _, item := range v.ConfigMap.Items {
				if !hasKey(cm.Data, item.Key) && !hasBinaryKey(cm.BinaryData, item.Key) && !optional(v.ConfigMap.Optional) {
					fail(v.Name, "configmap references non-existent config key: "+item.Key)
					break
				}
			}
		case v.Secret != nil:
			s, err := a.secrets.Secrets(pod.Namespace).Get(v.Secret.SecretName)
			if err != nil {
				if !optional(v.Secret.Optional) {
					fail(v.Name, fmt.Sprintf("secret %q not found", v.Secret.SecretName))
				}
				continue
			}
			for _, item := range v.Secret.Items {
				if !hasBinaryKey(s.Data, item.Key) && !optional(v.Secret.Optional) {
					fail(v.Name, "references non-existent secret key: "+item.Key)
					break
				}
			}
		}
	}
	return out
}

// problems maps each container whose environment a kubelet could not build to the kubelet's message.
func (a *agent) problems(pod *corev1.Pod) map[string]string {
	out := map[string]string{}
	for i := range pod.Spec.Containers {
		if msg := a.containerProblem(pod.Namespace, &pod.Spec.Containers[i]); msg != "" {
			out[pod.Spec.Containers[i].Name] = msg
		}
	}
	return out
}

// containerProblem is the first error a kubelet meets building a container's environment, in its
// order (envFrom, then env), with its messages, or "" when there is none.
func (a *agent) containerProblem(ns string, c *corev1.Container) string {
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			if _, err := a.configMaps.ConfigMaps(ns).Get(from.ConfigMapRef.Name); err != nil && !optional(from.ConfigMapRef.Optional) {
				return fmt.Sprintf("configmap %q not found", from.ConfigMapRef.Name)
			}
		case from.SecretRef != nil:
			if _, err := a.secrets.Secrets(ns).Get(from.SecretRef.Name); err != nil && !optional(from.SecretRef.Optional) {
				return fmt.Sprintf("secret %q not found", from.SecretRef.Name)
			}
		}
	}
	for _, env := range c.Env {
		if env.ValueFrom == nil {
			continue
		}
		if ref := env.ValueFrom.ConfigMapKeyRef; ref != nil {
			cm, err := a.configMaps.ConfigMaps(ns).Get(ref.Name)
			switch {
			case err != nil && optional(ref.Optional):
			case err != nil:
				return fmt.Sprintf("configmap %q not found", ref.Name)
			case !hasKey(cm.Data, ref.Key) && !optional(ref.Optional): // Data only, as the kubelet
				return fmt.Sprintf("couldn't find key %s in ConfigMap %s/%s", ref.Key, ns, ref.Name)
			}
		}
		if ref := env.ValueFrom.SecretKeyRef; ref != nil {
			s, err := a.secrets.Secrets(ns).Get(ref.Name)
			switch {
			case err != nil && optional(ref.Optional):
			case err != nil:
				return fmt.Sprintf("secret %q not found", ref.Name)
			case !hasBinaryKey(s.Data, ref.Key) && !optional(ref.Optional):
				return fmt.Sprintf("couldn't find key %s in Secret %s/%s", ref.Key, ns, ref.Name)
			}
		}
	}
	return ""
}

func optional(b *bool) bool { return b != nil && *b }

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

func hasBinaryKey(m map[string][]byte, k string) bool { _, ok := m[k]; return ok }
