// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine, written for
// OutcomeGuard's engine tests.
//
// Why it exists: the upstream language host lives in its own Go module that the module proxy reachable
// here does not serve, so scripts/pulumi-cli/build.sh compiles this file instead, next to the real
// Pulumi CLI. It implements the parts of pulumirpc.LanguageRuntime the engine uses for `pulumi
// preview`, `pulumi up`, `pulumi destroy` and local policy packs:
//
//   - Run: starts `node <@pulumi/pulumi/cmd/run> --monitor ... <program>` with PULUMI_CONFIG set,
//     TypeScript on by default (ts-node inside @pulumi/pulumi), like the upstream host.
//   - RunPlugin: starts policy packs (`@pulumi/pulumi/cmd/run-policy-pack`) and Node.js provider
//     plugins (`@pulumi/pulumi/cmd/run-plugin`) and streams their output back to the engine.
//   - GetRequiredPackages/GetRequiredPlugins: lists node_modules packages whose package.json says
//     `"pulumi": {"resource": true}`.
//   - Handshake, GetPluginInfo, About, GetProgramDependencies, InstallDependencies (no-op),
//     RuntimeOptionsPrompts. Everything else answers Unimplemented.
//
// The SDK-side scripts are resolved from the program's (or policy pack's) directory with Node's own
// `require.resolve`, so @pulumi/pulumi may live in any parent node_modules.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Exit code with which @pulumi/pulumi's run scripts say "the error was already shown to the user".
const exitAfterUserActionableMessage = 32

func main() {
	// A FlagSet of our own: imported logging packages already define -v and -logtostderr globally.
	flags := flag.NewFlagSet("pulumi-language-nodejs", flag.ExitOnError)
	tracing := flags.String("tracing", "", "Zipkin-compatible tracing endpoint (passed on to the program)")
	flags.Bool("logtostderr", false, "accepted for compatibility; ignored")
	flags.Int("v", 0, "accepted for compatibility; ignored")
	flags.String("root", "", "accepted for compatibility; ignored")
	flags.Bool("typescript", true, "accepted for compatibility; use the `typescript` runtime option instead")
	showVersion := flags.Bool("version", false, "print the version and exit")
	_ = flags.Parse(os.Args[1:]) // ExitOnError: Parse exits on bad flags.

	if *showVersion {
		fmt.Println(version.Version)
		return
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not find node on the $PATH: %v\n", err)
		os.Exit(1)
	}

	host := &nodeHost{nodeBin: nodeBin, tracing: *tracing}
	if flags.NArg() > 0 {
		host.engineAddress = flags.Arg(0)
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the RPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	nodeBin string
	tracing string

	mu            sync.Mutex
	engineAddress string
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// resolveModule runs `node -e "require.resolve(mod)"` in dir, so parent node_modules are honoured.
func (h *nodeHost) resolveModule(ctx context.Context, dir, mod string) (string, error) {
	cmd := exec.CommandContext(ctx, h.nodeBin, "-e",
		"process.stdout.write(require.resolve(process.argv[1]))", mod)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not resolve %s from %s (is @pulumi/pulumi installed? run npm install): %v: %s",
			mod, dir, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

func programDir(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	if fallback != "" {
		return fallback
	}
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

func runtimeOptions(info *pulumirpc.ProgramInfo) map[string]interface{} {
	if info == nil || info.GetOptions() == nil {
		return map[string]interface{}{}
	}
	return info.GetOptions().AsMap()
}

func optionString(opts map[string]interface{}, key string) string {
	v, ok := opts[key]
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

func optionBool(opts map[string]interface{}, key string, def bool) bool {
	v, ok := opts[key]
	if !ok || v == nil {
		return def
	}
	switch b := v.(type) {
	case bool:
		return b
	case string:
		parsed, err := strconv.ParseBool(b)
		if err != nil {
			return def
		}
		return parsed
	default:
		return def
	}
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir := programDir(info, req.GetPwd())
	runPath, err := h.resolveModule(ctx, dir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return nil, status.Error(codes.FailedPrecondition, err.Error())
	}
	opts := runtimeOptions(info)

	args := strings.Fields(optionString(opts, "nodeargs"))
	args = append(args, runPath)
	add := func(flagName, value string) {
		if value != "" {
			args = append(args, "--"+flagName, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engine())
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	if info != nil {
		add("root-directory", info.GetRootDirectory())
	}
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		add("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	add("tracing", h.tracing)
	program := req.GetProgram()
	if program == "" {
		program = "."
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("serializing config: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("serializing secret config keys: %w", err)
	}

	env := os.Environ()
	env = append(env,
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	if optionBool(opts, "typescript", true) {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig := optionString(opts, "tsconfig"); tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.CommandContext(ctx, h.nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = env
	// The engine shows the language host's stdout/stderr as diagnostics of the update.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	runErr := cmd.Run()
	if runErr == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(runErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			if ws.ExitStatus() == exitAfterUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ws.ExitStatus()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", exitErr)}, nil
	}
	return &pulumirpc.RunResponse{
		Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", runErr),
	}, nil
}

// stripEngineLogFlags drops the logging/tracing flags that the engine prepends to plugin arguments;
// the Node.js scripts parse their arguments with minimist and would mistake them for values.
func stripEngineLogFlags(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--logtostderr" || a == "-logtostderr":
		case strings.HasPrefix(a, "-v=") || strings.HasPrefix(a, "--v="):
		case a == "--tracing" || a == "-tracing":
			i++
		case strings.HasPrefix(a, "--tracing=") || strings.HasPrefix(a, "-tracing="):
		default:
			out = append(out, a)
		}
	}
	return out
}

type streamWriter struct {
	mu     *sync.Mutex
	server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]
	stderr bool
}

func (w *streamWriter) Write(p []byte) (int, error) {
	buf := make([]byte, len(p))
	copy(buf, p)
	msg := &pulumirpc.RunPluginResponse{}
	if w.stderr {
		msg.Output = &pulumirpc.RunPluginResponse_Stderr{Stderr: buf}
	} else {
		msg.Output = &pulumirpc.RunPluginResponse_Stdout{Stdout: buf}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.server.Send(msg); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *nodeHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	ctx := server.Context()
	dir := programDir(req.GetInfo(), req.GetPwd())
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	opts := runtimeOptions(req.GetInfo())
	args := strings.Fields(optionString(opts, "nodeargs"))
	pluginArgs := stripEngineLogFlags(req.GetArgs())

	switch req.GetKind() {
	case "analyzer":
		// Same as the `pulumi-analyzer-policy` shim: run-policy-pack <engineAddress> . in the pack dir.
		script, err := h.resolveModule(ctx, dir, "@pulumi/pulumi/cmd/run-policy-pack")
		if err != nil {
			return status.Error(codes.FailedPrecondition, err.Error())
		}
		args = append(args, script)
		args = append(args, pluginArgs...)
		args = append(args, ".")
	default:
		script, err := h.resolveModule(ctx, dir, "@pulumi/pulumi/cmd/run-plugin")
		if err != nil {
			return status.Error(codes.FailedPrecondition, err.Error())
		}
		args = append(args, script, dir)
		args = append(args, pluginArgs...)
	}

	cmd := exec.CommandContext(ctx, h.nodeBin, args...)
	cmd.Dir = dir
	if env := req.GetEnv(); len(env) > 0 {
		cmd.Env = env
	}
	var mu sync.Mutex
	stdout := &streamWriter{mu: &mu, server: server}
	stderr := &streamWriter{mu: &mu, server: server, stderr: true}
	cmd.Stdout = stdout
	cmd.Stderr = stderr

	exitCode := int32(0)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return status.Errorf(codes.Internal, "could not run plugin: %v", err)
		}
		exitCode = int32(exitErr.ExitCode())
	}
	mu.Lock()
	defer mu.Unlock()
	return server.Send(&pulumirpc.RunPluginResponse{
		Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: exitCode},
	})
}

type packageJSON struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Dependencies map[string]string `json:"dependencies"`
	Pulumi       struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// nodeModulesPackages lists the package.json files of the packages directly inside every
// node_modules directory from dir up to the file-system root (nearest first, first name wins),
// which is where Node would resolve them from.
func nodeModulesPackages(dir string) []*packageJSON {
	seen := map[string]bool{}
	var out []*packageJSON
	for d := dir; ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		entries, err := os.ReadDir(nm)
		if err == nil {
			var candidates []string
			for _, e := range entries {
				name := e.Name()
				if strings.HasPrefix(name, ".") {
					continue
				}
				if strings.HasPrefix(name, "@") {
					scoped, err := os.ReadDir(filepath.Join(nm, name))
					if err != nil {
						continue
					}
					for _, s := range scoped {
						candidates = append(candidates, filepath.Join(name, s.Name()))
					}
					continue
				}
				candidates = append(candidates, name)
			}
			sort.Strings(candidates)
			for _, c := range candidates {
				if seen[c] {
					continue
				}
				p, err := readPackageJSON(filepath.Join(nm, c, "package.json"))
				if err != nil {
					continue
				}
				seen[c] = true
				out = append(out, p)
			}
		}
		if parent := filepath.Dir(d); parent == d {
			break
		}
	}
	return out
}

func pluginName(p *packageJSON) string {
	if p.Pulumi.Name != "" {
		return p.Pulumi.Name
	}
	if strings.HasPrefix(p.Name, "@pulumi/") {
		return strings.TrimPrefix(p.Name, "@pulumi/")
	}
	return strings.TrimPrefix(p.Name, "@")
}

func pluginVersion(p *packageJSON) string {
	v := p.Pulumi.Version
	if v == "" {
		v = p.Version
	}
	if v != "" && !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	return v
}

func requiredPackages(info *pulumirpc.ProgramInfo) []*pulumirpc.PackageDependency {
	dir := programDir(info, "")
	var deps []*pulumirpc.PackageDependency
	for _, p := range nodeModulesPackages(dir) {
		if !p.Pulumi.Resource {
			continue
		}
		deps = append(deps, &pulumirpc.PackageDependency{
			Name:    pluginName(p),
			Kind:    "resource",
			Version: pluginVersion(p),
			Server:  p.Pulumi.Server,
		})
	}
	return deps
}

func (h *nodeHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{Packages: requiredPackages(req.GetInfo())}, nil
}

//nolint:staticcheck // GetRequiredPlugins is deprecated upstream but older engines still call it.
func (h *nodeHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	var plugins []*pulumirpc.PluginDependency
	for _, p := range requiredPackages(req.GetInfo()) {
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	// Dependencies are installed by the repository's own `npm ci`; never touch the network here.
	msg := fmt.Sprintf("pulumi-language-nodejs (OutcomeGuard test host): not installing dependencies in %s\n",
		programDir(req.GetInfo(), req.GetDirectory()))
	return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: []byte(msg)})
}

func (h *nodeHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *nodeHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.CommandContext(ctx, h.nodeBin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: h.nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

func (h *nodeHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := programDir(req.GetInfo(), req.GetPwd())
	top, err := readPackageJSON(filepath.Join(dir, "package.json"))
	var deps []*pulumirpc.DependencyInfo
	for _, p := range nodeModulesPackages(dir) {
		if err == nil && !req.GetTransitiveDependencies() {
			if _, direct := top.Dependencies[p.Name]; !direct {
				continue
			}
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

var _ io.Writer = (*streamWriter)(nil)
