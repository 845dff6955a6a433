package main

import (
	"context"
	"fmt"
	"os"

	"k8s.io/client-go/util/workqueue"
)

// processNext takes the next key from queue and passes it to sync, as every controller loop of the
// agent does: an error is logged as "cka-lab-agent: <what><key>: <error>" and the key is retried
// with the queue's back-off; a success forgets the key's failures. False once the queue shuts down.
func processNext(
	ctx context.Context,
	queue workqueue.TypedRateLimitingInterface[string],
	what string,
	sync func(context.Context, string) error,
) bool {
	key, quit := queue.Get()
	if quit {
		return false
	}
	defer queue.Done(key)
	if err := sync(ctx, key); err != nil {
		fmt.Fprintf(os.Stderr, "cka-lab-agent: %s%s: %v\n", what, key, err)
		queue.AddRateLimited(key)
		return true
	}
	queue.Forget(key)
	return true
}
