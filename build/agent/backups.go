// The Backup operator of the crds lab (labs/crds): an operator-style controller for the custom
// resource Backup (crds.cka-lab.dev), whose CustomResourceDefinition the learner installs. It waits
// for the CRD backups.crds.cka-lab.dev to be Established, watches the Backups of every namespace in
// the CRD's storage version, and reconciles each one the way operators do:
//
//   - it owns a CronJob <backup>-backup in the Backup's namespace (controller ownerReference, so the
//     garbage collector deletes it with the Backup) that runs on spec.schedule, suspended with
//     spec.suspend; a CronJob changed by hand is put back (the Backup is the source of truth);
//   - it writes what it did in the status subresource: phase Scheduled, Suspended or Failed (the
//     API server refused the CronJob, e.g. a schedule that is not cron), a message, the CronJob's
//     name and observedGeneration. Without `subresources: status` in the CRD the status cannot be
//     written (the API answers 404 on /status) and stays empty, as with any operator.
//
// When the CRD goes (lab reset) the watch stops; when it comes back it starts again.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sync"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
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
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

const (
	backupGroup    = "crds.cka-lab.dev"
	backupPlural   = "backups"
	backupCRD      = backupPlural + "." + backupGroup
	operatorName   = "cka-lab-backup-operator"
	backupLabel    = "crds.cka-lab.dev/backup"
	managedByLabel = "app.kubernetes.io/managed-by"
)

var crdResource = schema.GroupVersionResource{
	Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions",
}

type backupOperator struct {
	dyn    dynamic.Interface
	client kubernetes.Interface
	queue  workqueue.TypedRateLimitingInterface[string]

	mu      sync.Mutex
	serving string // "<uid>/<version>" of the CRD being watched, "" when none
	gvr     schema.GroupVersionResource
	// whether the watched version has the status subresource
	hasStatus bool
	backups   cache.GenericLister
	stop      context.CancelFunc
}

// runBackupOperator starts the operator; it returns at once and stops with ctx.
func runBackupOperator(ctx context.Context, config *rest.Config, client kubernetes.Interface) {
	o := &backupOperator{
		dyn:    dynamic.NewForConfigOrDie(config),
		client: client,
		queue:  workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
	}
	crds := dynamicinformer.NewFilteredDynamicSharedInformerFactory(o.dyn, 0, "", func(opts *metav1.ListOptions) {
		opts.FieldSelector = "metadata.name=" + backupCRD
	})
	crdChanged := func(obj any) {
		u, _ := obj.(*unstructured.Unstructured)
		o.crdChanged(ctx, u)
	}
	_, _ = crds.ForResource(crdResource).Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    crdChanged,
		UpdateFunc: func(_, obj any) { crdChanged(obj) },
		DeleteFunc: func(any) { o.crdChanged(ctx, nil) },
	})
	// The CronJobs it made: one changed or deleted by hand is made again from its Backup.
	jobs := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithTweakListOptions(func(opts *metav1.ListOptions) {
		opts.LabelSelector = managedByLabel + "=" + operatorName
	}))
	ownerChanged := func(obj any) {
		if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = tomb.Obj
		}
		if cj, ok := obj.(*batchv1.CronJob); ok && cj.Labels[backupLabel] != "" {
			o.queue.Add(cj.Namespace + "/" + cj.Labels[backupLabel])
		}
	}
	_, _ = jobs.Batch().V1().CronJobs().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    ownerChanged,
		UpdateFunc: func(_, obj any) { ownerChanged(obj) },
		DeleteFunc: ownerChanged,
	})
	crds.Start(ctx.Done())
	jobs.Start(ctx.Done())
	go func() {
		for processNext(ctx, o.queue, "Backup ", o.sync) {
		}
	}()
	go func() {
		<-ctx.Done()
		o.queue.ShutDown()
	}()
}

// crdChanged starts watching Backups in the storage version of an Established CRD, or stops
// when the CRD is gone or not Established; any change of the CRD (say, a status subresource
// added) reconciles every Backup again.
func (o *backupOperator) crdChanged(ctx context.Context, crd *unstructured.Unstructured) {
	o.mu.Lock()
	defer o.mu.Unlock()
	version := ""
	if crd != nil && crd.GetDeletionTimestamp() == nil && established(crd) {
		version = storageVersion(crd)
	}
	want := ""
	if version != "" {
		want = string(crd.GetUID()) + "/" + version
	}
	o.hasStatus = version != "" && statusSubresource(crd, version)
	if want == o.serving {
		if o.backups != nil {
			o.enqueueAll()
		}
		return
	}
	if o.stop != nil {
		o.stop()
		o.stop, o.backups = nil, nil
	}
	o.serving = want
	if want == "" {
		return
	}
	o.gvr = schema.GroupVersionResource{Group: backupGroup, Version: version, Resource: backupPlural}
	watchCtx, stop := context.WithCancel(ctx)
	factory := dynamicinformer.NewDynamicSharedInformerFactory(o.dyn, 0)
	informer := factory.ForResource(o.gvr)
	enqueue := func(obj any) {
		if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			o.queue.Add(key)
		}
	}
	_, _ = informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	})
	o.backups, o.stop = informer.Lister(), stop
	factory.Start(watchCtx.Done())
	fmt.Fprintf(os.Stderr, "cka-lab-agent: watching Backups (%s)\n", o.gvr.GroupVersion())
}

func (o *backupOperator) enqueueAll() {
	items, _ := o.backups.List(labels.Everything())
	for _, item := range items {
		if key, err := cache.MetaNamespaceKeyFunc(item); err == nil {
			o.queue.Add(key)
		}
	}
}

func established(crd *unstructured.Unstructured) bool {
	conditions, _, _ := unstructured.NestedSlice(crd.Object, "status", "conditions")
	for _, c := range conditions {
		m, _ := c.(map[string]any)
		if m["type"] == "Established" && m["status"] == "True" {
			return true
		}
	}
	return false
}

func storageVersion(crd *unstructured.Unstructured) string {
	versions, _, _ := unstructured.NestedSlice(crd.Object, "spec", "versions")
	for _, v := range versions {
		m, _ := v.(map[string]any)
		if m["storage"] == true && m["served"] == true {
			name, _ := m["name"].(string)
			return name
		}
	}
	return ""
}

func statusSubresource(crd *unstructured.Unstructured, version string) bool {
	versions, _, _ := unstructured.NestedSlice(crd.Object, "spec", "versions")
	for _, v := range versions {
		m, _ := v.(map[string]any)
		if m["name"] == version {
			_, found, _ := unstructured.NestedMap(m, "subresources", "status")
			return found
		}
	}
	return false
}

// sync reconciles one Backup: its CronJob, then its status.
func (o *backupOperator) sync(ctx context.Context, key string) error {
	o.mu.Lock()
	lister, gvr, hasStatus := o.backups, o.gvr, o.hasStatus
	o.mu.Unlock()
	if lister == nil {
		return nil
	}
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	obj, err := lister.ByNamespace(ns).Get(name)
	if apierrors.IsNotFound(err) {
		return nil // its CronJob goes with it (garbage collector)
	}
	if err != nil {
		return err
	}
	backup, ok := obj.(*unstructured.Unstructured)
	if !ok || backup.GetDeletionTimestamp() != nil {
		return nil
	}
	jobName := name + "-backup"
	status := map[string]any{"cronJob": jobName, "observedGeneration": backup.GetGeneration()}
	if err := o.ensureCronJob(ctx, backup, jobName); err != nil {
		if !apierrors.IsInvalid(err) && !apierrors.IsForbidden(err) && !apierrors.IsBadRequest(err) {
			return err
		}
		status["phase"] = "Failed"
		status["message"] = fmt.Sprintf("cannot schedule the backup: %s", apierrors.ReasonForError(err))
		if s, ok := err.(apierrors.APIStatus); ok {
			status["message"] = "cannot schedule the backup: " + s.Status().Message
		}
	} else {
		database, _, _ := unstructured.NestedString(backup.Object, "spec", "database")
		schedule, _, _ := unstructured.NestedString(backup.Object, "spec", "schedule")
		status["phase"] = "Scheduled"
		status["message"] = fmt.Sprintf("CronJob %s backs up database %s on schedule %q", jobName, database, schedule)
		if suspended(backup) {
			status["phase"] = "Suspended"
			status["message"] = fmt.Sprintf("CronJob %s is suspended: no backups of database %s", jobName, database)
		}
	}
	current, _, _ := unstructured.NestedMap(backup.Object, "status")
	if reflect.DeepEqual(normalise(current), normalise(status)) {
		return nil
	}
	patch, _ := json.Marshal(map[string]any{"status": status})
	_, err = o.dyn.Resource(gvr).Namespace(ns).Patch(ctx, name, types.MergePatchType, patch,
		metav1.PatchOptions{FieldManager: operatorName}, "status")
	if apierrors.IsNotFound(err) && !hasStatus {
		return nil // no status subresource in the CRD: nothing to write to until it has one
	}
	return err // a CRD just given its status subresource answers 404 for a moment: retried
}

// normalise makes a status read back from JSON (numbers as int64) comparable with a new one.
func normalise(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if n, ok := v.(float64); ok {
			v = int64(n)
		}
		out[k] = v
	}
	return out
}

func suspended(backup *unstructured.Unstructured) bool {
	s, _, _ := unstructured.NestedBool(backup.Object, "spec", "suspend")
	return s
}

// ensureCronJob creates or corrects the CronJob of a Backup.
func (o *backupOperator) ensureCronJob(ctx context.Context, backup *unstructured.Unstructured, name string) error {
	database, _, _ := unstructured.NestedString(backup.Object, "spec", "database")
	schedule, _, _ := unstructured.NestedString(backup.Object, "spec", "schedule")
	retain, _, _ := unstructured.NestedInt64(backup.Object, "spec", "retain")
	suspend := suspended(backup)
	isController := true
	want := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{
			Name:      name,
			Namespace: backup.GetNamespace(),
			Labels:    map[string]string{managedByLabel: operatorName, backupLabel: backup.GetName()},
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: backup.GetAPIVersion(), Kind: backup.GetKind(), Name: backup.GetName(),
				UID: backup.GetUID(), Controller: &isController, BlockOwnerDeletion: &isController,
			}},
		},
		Spec: batchv1.CronJobSpec{
			Schedule:          schedule,
			Suspend:           &suspend,
			ConcurrencyPolicy: batchv1.ForbidConcurrent,
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{
				Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyOnFailure,
					Containers: []corev1.Container{{
						Name:    "backup",
						Image:   "busybox:1.36",
						Command: []string{"sh", "-c", fmt.Sprintf("echo backing up %s, keeping the last %d", database, retain)},
					}},
				},
			}}},
		},
	}
	cronJobs := o.client.BatchV1().CronJobs(backup.GetNamespace())
	live, err := cronJobs.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = cronJobs.Create(ctx, want, metav1.CreateOptions{FieldManager: operatorName})
		return err
	}
	if err != nil {
		return err
	}
	if !metav1.IsControlledBy(live, backup) && live.Labels[managedByLabel] == operatorName {
		// Left by an earlier Backup of that name, before the garbage collector got to it.
		_ = cronJobs.Delete(ctx, name, metav1.DeleteOptions{})
		return fmt.Errorf("replacing CronJob %s, left by an earlier Backup %s", name, backup.GetName())
	}
	if !metav1.IsControlledBy(live, backup) {
		return apierrors.NewBadRequest(fmt.Sprintf("CronJob %s exists and does not belong to Backup %s", name, backup.GetName()))
	}
	if live.Spec.Schedule == schedule && live.Spec.Suspend != nil && *live.Spec.Suspend == suspend &&
		len(live.Spec.JobTemplate.Spec.Template.Spec.Containers) == 1 &&
		reflect.DeepEqual(live.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Command, want.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Command) {
		return nil
	}
	live = live.DeepCopy()
	live.Spec.Schedule, live.Spec.Suspend = schedule, &suspend
	live.Spec.JobTemplate = want.Spec.JobTemplate
	_, err = cronJobs.Update(ctx, live, metav1.UpdateOptions{FieldManager: operatorName})
	return err
}
