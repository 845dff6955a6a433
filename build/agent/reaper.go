package main

// The kubelet's last word on a Pod being deleted, for the kwok nodes. Once a kubelet has stopped a
// deleted Pod's containers it removes the Pod with grace period 0 and a UID precondition
// (k8s.io/kubernetes pkg/kubelet/status/status_manager.go, syncPod: DeleteOptions{GracePeriodSeconds: 0,
// Preconditions: NewUIDPreconditions(pod.UID)}), so a delete meant for one Pod can never remove
// another Pod that took its name meanwhile.
//
// kwok's own pod-delete Stage deletes by name only, and retries a delete that got no answer: under
// load such a late delete removed the Pod a learner had just created in its place
// (`kubectl replace --force`, or `kubectl delete` then `kubectl create`). This reaper takes that
// Stage's place.

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listers "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

// kwokNodeAnnotation marks the nodes kwok simulates (kwokctl scale node); the real node has none.
const kwokNodeAnnotation = "kwok.x-k8s.io/node"

type reaper struct {
	client kubernetes.Interface
	pods   listers.PodLister
	nodes  listers.NodeLister
	queue  workqueue.TypedRateLimitingInterface[string]
}

// runPodReaper removes the deleted Pods of kwok nodes from the shared informers' Pods and Nodes.
// Call before factory.Start.
func runPodReaper(ctx context.Context, client kubernetes.Interface, factory informers.SharedInformerFactory) {
	r := &reaper{
		client: client,
		pods:   factory.Core().V1().Pods().Lister(),
		nodes:  factory.Core().V1().Nodes().Lister(),
		queue:  workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
	}
	enqueue := func(obj any) {
		if p, ok := obj.(*corev1.Pod); ok && p.DeletionTimestamp != nil {
			if key, err := cache.MetaNamespaceKeyFunc(p); err == nil {
				r.queue.Add(key)
			}
		}
	}
	_, _ = factory.Core().V1().Pods().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	})
	// Nodes are only looked up; asking for the informer registers it with the factory.
	factory.Core().V1().Nodes().Informer()
	go func() {
		<-ctx.Done()
		r.queue.ShutDown()
	}()
	go func() {
		for _, ok := range factory.WaitForCacheSync(ctx.Done()) {
			if !ok {
				return
			}
		}
		for processNext(ctx, r.queue, "deleting ", r.sync) {
		}
	}()
}

func (r *reaper) sync(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	pod, err := r.pods.Pods(ns).Get(name)
	if apierrors.IsNotFound(err) || (err == nil && pod.DeletionTimestamp == nil) {
		return nil // gone, or a new Pod of that name: nothing to do
	}
	if err != nil {
		return err
	}
	if pod.Spec.NodeName == "" {
		return nil // the API server removes an unscheduled Pod itself
	}
	node, err := r.nodes.Get(pod.Spec.NodeName)
	if err != nil || node.Annotations[kwokNodeAnnotation] != "fake" {
		return nil // the real node's kubelet, or no node at all: not ours
	}
	zero := int64(0)
	err = r.client.CoreV1().Pods(ns).Delete(ctx, name, metav1.DeleteOptions{
		GracePeriodSeconds: &zero,
		Preconditions:      metav1.NewUIDPreconditions(string(pod.UID)),
	})
	// NotFound: already gone. Conflict: the UID no longer matches, so this Pod is gone and another
	// took its name; leave that one be.
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	return err
}
