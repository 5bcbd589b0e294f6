//go:build linux

package deploydoc

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"net"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/feedcast/feedcast/internal/schedule"
)

// The Kubernetes objects the guide shows, with the fields it uses and
// those next to them. Each is decoded strictly: a field these types do
// not know (a typo, a field in the wrong place) fails the test, as the
// API server's strict field validation would.
type (
	object struct {
		APIVersion string   `yaml:"apiVersion"`
		Kind       string   `yaml:"kind"`
		Metadata   metadata `yaml:"metadata"`
	}
	metadata struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Labels      map[string]string `yaml:"labels"`
		Annotations map[string]string `yaml:"annotations"`
	}
	secret struct {
		object     `yaml:",inline"`
		Type       string            `yaml:"type"`
		StringData map[string]string `yaml:"stringData"`
		Data       map[string]string `yaml:"data"`
	}
	cronJob struct {
		object `yaml:",inline"`
		Spec   struct {
			Schedule                   string `yaml:"schedule"`
			TimeZone                   string `yaml:"timeZone"`
			ConcurrencyPolicy          string `yaml:"concurrencyPolicy"`
			StartingDeadlineSeconds    int    `yaml:"startingDeadlineSeconds"`
			SuccessfulJobsHistoryLimit int    `yaml:"successfulJobsHistoryLimit"`
			FailedJobsHistoryLimit     int    `yaml:"failedJobsHistoryLimit"`
			Suspend                    bool   `yaml:"suspend"`
			JobTemplate                struct {
				Metadata metadata `yaml:"metadata"`
				Spec     jobSpec  `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	jobSpec struct {
		BackoffLimit            int               `yaml:"backoffLimit"`
		ActiveDeadlineSeconds   int               `yaml:"activeDeadlineSeconds"`
		TTLSecondsAfterFinished int               `yaml:"ttlSecondsAfterFinished"`
		PodFailurePolicy        *podFailurePolicy `yaml:"podFailurePolicy"`
		Template                podTemplate       `yaml:"template"`
	}
	podFailurePolicy struct {
		Rules []struct {
			Action      string `yaml:"action"`
			OnExitCodes *struct {
				ContainerName string `yaml:"containerName"`
				Operator      string `yaml:"operator"`
				Values        []int  `yaml:"values"`
			} `yaml:"onExitCodes"`
			OnPodConditions []struct {
				Type   string `yaml:"type"`
				Status string `yaml:"status"`
			} `yaml:"onPodConditions"`
		} `yaml:"rules"`
	}
	podTemplate struct {
		Metadata metadata `yaml:"metadata"`
		Spec     podSpec  `yaml:"spec"`
	}
	podSpec struct {
		RestartPolicy      string           `yaml:"restartPolicy"`
		ServiceAccountName string           `yaml:"serviceAccountName"`
		SecurityContext    *securityContext `yaml:"securityContext"`
		Containers         []container      `yaml:"containers"`
		Volumes            []struct {
			Name     string `yaml:"name"`
			EmptyDir *struct {
				Medium    string `yaml:"medium"`
				SizeLimit string `yaml:"sizeLimit"`
			} `yaml:"emptyDir"`
		} `yaml:"volumes"`
	}
	securityContext struct {
		RunAsNonRoot             *bool  `yaml:"runAsNonRoot"`
		RunAsUser                *int64 `yaml:"runAsUser"`
		RunAsGroup               *int64 `yaml:"runAsGroup"`
		FSGroup                  *int64 `yaml:"fsGroup"`
		AllowPrivilegeEscalation *bool  `yaml:"allowPrivilegeEscalation"`
		ReadOnlyRootFilesystem   *bool  `yaml:"readOnlyRootFilesystem"`
		Capabilities             *struct {
			Add  []string `yaml:"add"`
			Drop []string `yaml:"drop"`
		} `yaml:"capabilities"`
	}
	container struct {
		Name    string   `yaml:"name"`
		Image   string   `yaml:"image"`
		Command []string `yaml:"command"`
		Args    []string `yaml:"args"`
		Env     []struct {
			Name  string `yaml:"name"`
			Value string `yaml:"value"`
		} `yaml:"env"`
		EnvFrom []struct {
			SecretRef *struct {
				Name string `yaml:"name"`
			} `yaml:"secretRef"`
		} `yaml:"envFrom"`
		Ports []struct {
			Name          string `yaml:"name"`
			ContainerPort int    `yaml:"containerPort"`
			Protocol      string `yaml:"protocol"`
		} `yaml:"ports"`
		SecurityContext *securityContext `yaml:"securityContext"`
		ReadinessProbe  *probe           `yaml:"readinessProbe"`
		LivenessProbe   *probe           `yaml:"livenessProbe"`
		VolumeMounts    []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
			ReadOnly  bool   `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
		Resources struct {
			Requests map[string]string `yaml:"requests"`
			Limits   map[string]string `yaml:"limits"`
		} `yaml:"resources"`
	}
	probe struct {
		HTTPGet *struct {
			Path string `yaml:"path"`
			Port int    `yaml:"port"`
		} `yaml:"httpGet"`
		InitialDelaySeconds int `yaml:"initialDelaySeconds"`
		PeriodSeconds       int `yaml:"periodSeconds"`
		TimeoutSeconds      int `yaml:"timeoutSeconds"`
		FailureThreshold    int `yaml:"failureThreshold"`
	}
	deployment struct {
		object `yaml:",inline"`
		Spec   struct {
			Replicas int           `yaml:"replicas"`
			Selector labelSelector `yaml:"selector"`
			Strategy struct {
				Type          string `yaml:"type"`
				RollingUpdate struct {
					MaxUnavailable any `yaml:"maxUnavailable"`
					MaxSurge       any `yaml:"maxSurge"`
				} `yaml:"rollingUpdate"`
			} `yaml:"strategy"`
			Template podTemplate `yaml:"template"`
		} `yaml:"spec"`
	}
	labelSelector struct {
		MatchLabels map[string]string `yaml:"matchLabels"`
	}
	kubeService struct {
		object `yaml:",inline"`
		Spec   struct {
			Type     string            `yaml:"type"`
			Selector map[string]string `yaml:"selector"`
			Ports    []struct {
				Name       string `yaml:"name"`
				Port       int    `yaml:"port"`
				TargetPort int    `yaml:"targetPort"`
				Protocol   string `yaml:"protocol"`
			} `yaml:"ports"`
		} `yaml:"spec"`
	}
	podDisruptionBudget struct {
		object `yaml:",inline"`
		Spec   struct {
			MinAvailable   int           `yaml:"minAvailable"`
			MaxUnavailable int           `yaml:"maxUnavailable"`
			Selector       labelSelector `yaml:"selector"`
		} `yaml:"spec"`
	}
)

// manifests is every object of the guide's YAML blocks that has an
// apiVersion (the others are feedcast.yaml examples).
type manifests struct {
	secrets     []secret
	cronJobs    []cronJob
	deployments []deployment
	services    []kubeService
	pdbs        []podDisruptionBudget
}

func guideManifests(t *testing.T, blocks []Block) *manifests {
	t.Helper()
	m := &manifests{}
	kinds := map[string]string{
		"Secret": "v1", "CronJob": "batch/v1", "Deployment": "apps/v1",
		"Service": "v1", "PodDisruptionBudget": "policy/v1",
	}
	for _, b := range blocksOf(blocks, "yaml") {
		dec := yaml.NewDecoder(strings.NewReader(b.Text))
		for i := 0; ; i++ {
			var node yaml.Node
			if err := dec.Decode(&node); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("docs/deploy.md:%d: %v", b.Line, err)
			}
			var head object
			if err := node.Decode(&head); err != nil {
				t.Fatalf("docs/deploy.md:%d: document %d: %v", b.Line, i+1, err)
			}
			if head.APIVersion == "" {
				if i > 0 {
					t.Fatalf("docs/deploy.md:%d: document %d has no apiVersion", b.Line, i+1)
				}
				break // a feedcast.yaml example
			}
			if kinds[head.Kind] != head.APIVersion {
				t.Fatalf("docs/deploy.md:%d: %s %s: want apiVersion %q", b.Line, head.APIVersion, head.Kind, kinds[head.Kind])
			}
			if head.Metadata.Name == "" {
				t.Fatalf("docs/deploy.md:%d: %s without metadata.name", b.Line, head.Kind)
			}
			raw, err := yaml.Marshal(&node)
			if err != nil {
				t.Fatal(err)
			}
			var into any
			switch head.Kind {
			case "Secret":
				m.secrets = append(m.secrets, secret{})
				into = &m.secrets[len(m.secrets)-1]
			case "CronJob":
				m.cronJobs = append(m.cronJobs, cronJob{})
				into = &m.cronJobs[len(m.cronJobs)-1]
			case "Deployment":
				m.deployments = append(m.deployments, deployment{})
				into = &m.deployments[len(m.deployments)-1]
			case "Service":
				m.services = append(m.services, kubeService{})
				into = &m.services[len(m.services)-1]
			case "PodDisruptionBudget":
				m.pdbs = append(m.pdbs, podDisruptionBudget{})
				into = &m.pdbs[len(m.pdbs)-1]
			}
			strict := yaml.NewDecoder(bytes.NewReader(raw))
			strict.KnownFields(true)
			if err := strict.Decode(into); err != nil {
				t.Fatalf("docs/deploy.md:%d: %s %s: %v", b.Line, head.Kind, head.Metadata.Name, err)
			}
		}
	}
	if len(m.cronJobs) == 0 || len(m.deployments) == 0 {
		t.Fatal("docs/deploy.md: want a CronJob and a Deployment")
	}
	return m
}

// subset reports whether every label of sel is in labels.
func subset(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// checkPod checks what the kubelet checks of a pod before it starts it,
// and returns the uid its container runs as.
func checkPod(t *testing.T, what string, spec podSpec, image imageFacts, secrets []secret) int {
	t.Helper()
	if len(spec.Containers) != 1 {
		t.Fatalf("%s: %d containers, want 1", what, len(spec.Containers))
	}
	c := spec.Containers[0]
	if c.Name == "" || c.Image == "" {
		t.Fatalf("%s: a container needs a name and an image", what)
	}
	if len(c.Command) > 0 {
		t.Errorf("%s: command replaces the image's entry point (feedcast): give args only", what)
	}
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
	}
	for _, vm := range c.VolumeMounts {
		if !volumes[vm.Name] {
			t.Errorf("%s: volumeMount %s names no volume", what, vm.Name)
		}
	}
	for _, e := range c.EnvFrom {
		if e.SecretRef != nil && !slices.ContainsFunc(secrets, func(s secret) bool { return s.Metadata.Name == e.SecretRef.Name }) {
			t.Errorf("%s: secretRef %s: the guide shows no such Secret", what, e.SecretRef.Name)
		}
	}
	// The container's securityContext overrides the pod's.
	var nonRoot bool
	uid := -1
	for _, sc := range []*securityContext{spec.SecurityContext, c.SecurityContext} {
		if sc == nil {
			continue
		}
		if sc.RunAsNonRoot != nil {
			nonRoot = *sc.RunAsNonRoot
		}
		if sc.RunAsUser != nil {
			uid = int(*sc.RunAsUser)
		}
	}
	if uid < 0 {
		// The kubelet takes the image's USER, and refuses to start a
		// runAsNonRoot pod whose image user is a name.
		n, err := strconv.Atoi(image.uid)
		if err != nil && nonRoot {
			t.Fatalf("%s: runAsNonRoot with no runAsUser, and the image's USER %q is not numeric: the kubelet cannot verify it", what, image.uid)
		}
		uid = n
	}
	if nonRoot && uid == 0 {
		t.Fatalf("%s: runAsNonRoot, but runs as uid 0", what)
	}
	if uid == 0 {
		t.Fatalf("%s: runs as root", what)
	}
	return uid
}

// TestKubernetesManifests checks the guide's manifests: strictly typed,
// consistent with each other (selectors, ports, secrets), with the image
// (its user, its port) and with feedcast (the schedule, the exit
// statuses, the listening address).
func TestKubernetesManifests(t *testing.T) {
	blocks := guide(t)
	m := guideManifests(t, blocks)
	image := dockerfileFacts(t, filepath.Join(repoRoot(t), "Dockerfile"))

	for _, cj := range m.cronJobs {
		what := "CronJob " + cj.Metadata.Name
		if _, err := schedule.Parse(cj.Spec.Schedule, time.UTC); err != nil {
			t.Errorf("%s: schedule %q: %v", what, cj.Spec.Schedule, err)
		}
		if cj.Spec.ConcurrencyPolicy != "Forbid" {
			t.Errorf("%s: concurrencyPolicy %q: two publishes to one target must not overlap (Forbid)", what, cj.Spec.ConcurrencyPolicy)
		}
		job := cj.Spec.JobTemplate.Spec
		pod := job.Template.Spec
		if rp := pod.RestartPolicy; rp != "Never" && rp != "OnFailure" {
			t.Errorf("%s: restartPolicy %q: a Job's pods take Never or OnFailure", what, rp)
		}
		checkPod(t, what, pod, image, m.secrets)
		if job.PodFailurePolicy == nil {
			t.Errorf("%s: no podFailurePolicy: exit status 3 (published, some episode files skipped) would be retried", what)
			continue
		}
		if pod.RestartPolicy != "Never" {
			t.Errorf("%s: podFailurePolicy needs restartPolicy Never", what)
		}
		failJob := map[int]bool{}
		for i, r := range job.PodFailurePolicy.Rules {
			if !slices.Contains([]string{"FailJob", "Ignore", "Count", "FailIndex"}, r.Action) {
				t.Errorf("%s: rule %d: action %q", what, i, r.Action)
			}
			if (r.OnExitCodes == nil) == (len(r.OnPodConditions) == 0) {
				t.Errorf("%s: rule %d: want onExitCodes or onPodConditions, one of them", what, i)
			}
			if e := r.OnExitCodes; e != nil {
				if e.ContainerName != "" && e.ContainerName != pod.Containers[0].Name {
					t.Errorf("%s: rule %d: containerName %q is not the container", what, i, e.ContainerName)
				}
				if e.Operator != "In" && e.Operator != "NotIn" {
					t.Errorf("%s: rule %d: operator %q", what, i, e.Operator)
				}
				// The API server wants the values unique and ascending,
				// and 0 is never among In's.
				if len(e.Values) == 0 || !slices.IsSorted(e.Values) || len(slices.Compact(slices.Clone(e.Values))) != len(e.Values) ||
					(e.Operator == "In" && slices.Contains(e.Values, 0)) {
					t.Errorf("%s: rule %d: values %v: want ascending, unique, non-zero exit statuses", what, i, e.Values)
				}
				if r.Action == "FailJob" && e.Operator == "In" {
					for _, v := range e.Values {
						failJob[v] = true
					}
				}
			}
		}
		// 1 (the run failed: a store down) is worth retrying; 2 (usage)
		// and 3 (published, some episode files skipped) are not.
		if !failJob[3] || !failJob[2] || failJob[1] {
			t.Errorf("%s: the FailJob rule covers %v: want 2 and 3, not 1", what, slices.Sorted(maps.Keys(failJob)))
		}
	}

	for _, d := range m.deployments {
		what := "Deployment " + d.Metadata.Name
		pod := d.Spec.Template.Spec
		checkPod(t, what, pod, image, m.secrets)
		if !subset(d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels) {
			t.Errorf("%s: selector %v does not select its pods %v", what, d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels)
		}
		if rp := pod.RestartPolicy; rp != "" && rp != "Always" {
			t.Errorf("%s: restartPolicy %q", what, rp)
		}
		c := pod.Containers[0]
		ports := map[int]bool{}
		for _, p := range c.Ports {
			ports[p.ContainerPort] = true
		}
		addr, _ := flagValue(c.Args, "--addr")
		_, port, err := net.SplitHostPort(addr)
		if err != nil {
			t.Fatalf("%s: --addr %q: %v (the default, 127.0.0.1:8080, is not reachable from outside the pod)", what, addr, err)
		}
		if host, _, _ := net.SplitHostPort(addr); host != "" && host != "0.0.0.0" && host != "::" {
			t.Errorf("%s: --addr %q listens on one address only: the kubelet and the Service cannot reach it", what, addr)
		}
		n, _ := strconv.Atoi(port)
		if !ports[n] {
			t.Errorf("%s: feedcast listens on %s, not a containerPort (%v)", what, port, c.Ports)
		}
		if !slices.Contains(image.expose, port) {
			t.Errorf("%s: port %s is not EXPOSEd by the Dockerfile (%v)", what, port, image.expose)
		}
		for _, pr := range []*probe{c.ReadinessProbe, c.LivenessProbe} {
			if pr == nil || pr.HTTPGet == nil {
				t.Errorf("%s: want HTTP readiness and liveness probes", what)
				continue
			}
			if !ports[pr.HTTPGet.Port] {
				t.Errorf("%s: a probe asks port %d, not a containerPort", what, pr.HTTPGet.Port)
			}
		}
		for _, s := range m.services {
			if subset(s.Spec.Selector, d.Spec.Template.Metadata.Labels) {
				for _, p := range s.Spec.Ports {
					if !ports[p.TargetPort] {
						t.Errorf("Service %s: targetPort %d is not a containerPort of %s", s.Metadata.Name, p.TargetPort, what)
					}
				}
			}
		}
		for _, b := range m.pdbs {
			if subset(b.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels) && b.Spec.MinAvailable >= d.Spec.Replicas {
				t.Errorf("PodDisruptionBudget %s: minAvailable %d of %d replicas: no node could ever be drained", b.Metadata.Name, b.Spec.MinAvailable, d.Spec.Replicas)
			}
		}
	}
	for _, s := range m.services {
		if !slices.ContainsFunc(m.deployments, func(d deployment) bool { return subset(s.Spec.Selector, d.Spec.Template.Metadata.Labels) }) {
			t.Errorf("Service %s: selector %v selects no pod", s.Metadata.Name, s.Spec.Selector)
		}
	}
	for _, b := range m.pdbs {
		if !slices.ContainsFunc(m.deployments, func(d deployment) bool {
			return subset(b.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels)
		}) {
			t.Errorf("PodDisruptionBudget %s: selector selects no pod", b.Metadata.Name)
		}
	}
}

// showImage returns the working directory of the show's image, from the
// guide's Dockerfile block (FROM feedcast's image, WORKDIR, COPY).
func showImage(t *testing.T, blocks []Block) string {
	t.Helper()
	df := blocksOf(blocks, "dockerfile")
	if len(df) != 1 {
		t.Fatalf("docs/deploy.md: %d dockerfile blocks, want the show's image", len(df))
	}
	wd := ""
	for _, l := range strings.Split(df[0].Text, "\n") {
		if w, ok := strings.CutPrefix(strings.TrimSpace(l), "WORKDIR "); ok {
			wd = strings.TrimSpace(w)
		}
	}
	if !strings.HasPrefix(wd, "/") {
		t.Fatalf("docs/deploy.md:%d: the show's image has no absolute WORKDIR", df[0].Line)
	}
	return wd
}

// TestKubernetesPodsRun runs the container of the CronJob and of the
// Deployment as the kubelet would: the show, root's, in the image's
// working directory, read-only to the pod's user; the emptyDir volumes
// writable (0777, as the kubelet makes them); nothing else writable. The
// object store is a dir target outside the pod.
func TestKubernetesPodsRun(t *testing.T) {
	needRoot(t)
	blocks := guide(t)
	m := guideManifests(t, blocks)
	image := dockerfileFacts(t, filepath.Join(repoRoot(t), "Dockerfile"))
	wd := showImage(t, blocks)

	pod := func(t *testing.T, what string, spec podSpec, args []string) (*proc, string, string, string) {
		uid := checkPod(t, what, spec, image, m.secrets)
		root := fakeRoot(t)
		show := under(root, wd)
		bucket := under(root, "/bucket")
		mkdir(t, bucket, 0, 0, 0o777)
		putShow(t, show, 0, 0, bucket, "")
		env := []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}
		for _, vm := range spec.Containers[0].VolumeMounts {
			mkdir(t, under(root, vm.MountPath), 0, 0, 0o777)
			if vm.MountPath == "/tmp" {
				env = append(env, "TMPDIR="+under(root, "/tmp"))
			}
		}
		before := tree(t, show)
		return start(t, uid, uid, show, env, feedcastBinary(t), mapArgs(root, args)...), show, before, bucket
	}

	for _, cj := range m.cronJobs {
		spec := cj.Spec.JobTemplate.Spec.Template.Spec
		args := spec.Containers[0].Args
		t.Run(cj.Metadata.Name, func(t *testing.T) {
			p, show, before, bucket := pod(t, "CronJob "+cj.Metadata.Name, spec, args)
			if code := p.wait(t, 5*time.Minute); code != 0 {
				t.Fatalf("%v: exit status %d:\n%s", args, code, p.out)
			}
			checkFeedFile(t, filepath.Join(bucket, "feed.xml"))
			if after := tree(t, show); after != before {
				t.Errorf("the run changed the show's folder")
			}
		})
		// The emulation catches what it is here for: without --cache,
		// the cache goes in the read-only working directory.
		t.Run(cj.Metadata.Name+" without --cache", func(t *testing.T) {
			p, _, _, _ := pod(t, "CronJob "+cj.Metadata.Name, spec, withoutFlags(args, "--cache"))
			if code := p.wait(t, 5*time.Minute); code == 0 || !strings.Contains(p.out.String(), "permission denied") {
				t.Fatalf("exit status %d, want a failure on a permission:\n%s", code, p.out)
			}
		})
	}
	for _, d := range m.deployments {
		spec := d.Spec.Template.Spec
		c := spec.Containers[0]
		t.Run(d.Metadata.Name, func(t *testing.T) {
			// The pod's port, taken on loopback at a free port.
			port := freePort(t)
			args := slices.Clone(c.Args)
			for i := range args {
				if i > 0 && args[i-1] == "--addr" {
					args[i] = "127.0.0.1:" + port
				}
			}
			p, show, before, _ := pod(t, "Deployment "+d.Metadata.Name, spec, args)
			base := "http://127.0.0.1:" + port
			waitOK(t, p, base+c.ReadinessProbe.HTTPGet.Path, 5*time.Minute)
			waitOK(t, p, base+c.LivenessProbe.HTTPGet.Path, time.Minute)
			checkServed(t, base)
			if code := p.stop(t); code != 0 {
				t.Fatalf("stopped: exit status %d:\n%s", code, p.out)
			}
			if after := tree(t, show); after != before {
				t.Errorf("serving changed the show's folder")
			}
		})
	}
}
