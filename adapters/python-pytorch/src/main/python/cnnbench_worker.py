"""cnn-bench's Python PyTorch worker: trains ModelSpec networks for the python-pytorch adapter.

The Java adapter starts this script as `python3 -u cnnbench_worker.py SHARED_FILE SCRATCH_DIR THREADS DEVICE`
and talks to it with one-line commands on stdin; the worker answers one line on its stdout:
`ok key=value ...` or `err message` (values percent-encoded). Batches, weights and outputs travel
through SHARED_FILE, a memory-mapped file laid out as float32/int32 little-endian arrays whose offsets
the commands give. The worker exits when its stdin closes (its JVM has gone) or when its parent
process dies, and removes SCRATCH_DIR (which holds this script and the shared file) on the way out.

Everything a framework expert would set is set: intra-op threads pinned, one inter-op thread,
autograd in plain eager mode, no gradient tracking in evaluation. The update rules are those of the
Java adapters (Keras' Adam with epsilon outside the root and the lr_t bias correction; plain SGD;
probabilities clipped to [1e-7, 1 - 1e-7] before the cross-entropy).
"""

import mmap
import os
import shutil
import sys
import threading
import time
import traceback
import urllib.parse

# The JVM that started the worker (it passes its pid; else the parent now, before the slow torch import).
PARENT_PID = int(os.environ.get("CNNBENCH_PARENT_PID", "0") or 0) or os.getppid()

# Pinned before torch is imported: OpenMP reads it once.
if len(sys.argv) > 3:
    os.environ.setdefault("OMP_NUM_THREADS", sys.argv[3])
    os.environ.setdefault("MKL_NUM_THREADS", sys.argv[3])

import numpy as np  # noqa: E402
import torch  # noqa: E402

EPSILON = 1e-7
MIN_TORCH = (1, 8)


def torch_version_tuple():
    parts = []
    for p in torch.__version__.split("+")[0].split(".")[:2]:
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def build_flags():
    """Torch's build configuration: the flags that decide which kernels run."""
    flags = {}
    try:
        for line in torch.__config__.show().splitlines():
            for item in line.replace(",", " ").split():
                if item.startswith("USE_") and "=" in item:
                    key, value = item.split("=", 1)
                    if key in ("USE_MKL", "USE_MKLDNN", "USE_OPENMP", "USE_CUDA", "USE_CUDNN"):
                        flags[key] = value
                if item.startswith("BLAS_INFO="):
                    flags["BLAS_INFO"] = item.split("=", 1)[1]
    except Exception:  # pragma: no cover - depends on the build
        pass
    return flags


def versions(device):
    v = {
        "python.version": sys.version.split()[0],
        "python.executable": sys.executable,
        "torch.version": torch.__version__,
        "numpy.version": np.__version__,
        "torch.mkl": str(torch.backends.mkl.is_available()),
        "torch.mkldnn": str(torch.backends.mkldnn.is_available()),
        "torch.cuda.version": str(torch.version.cuda),
        "torch.cuda.available": str(torch.cuda.is_available()),
        "torch.num_threads": str(torch.get_num_threads()),
        "torch.num_interop_threads": str(torch.get_num_interop_threads()),
        "omp.num_threads": os.environ.get("OMP_NUM_THREADS", ""),
        "device": str(device),
    }
    for key, value in build_flags().items():
        v["torch.build." + key] = value
    if device.type == "cuda":
        v["device.name"] = torch.cuda.get_device_name(device)
        v["cudnn.version"] = str(torch.backends.cudnn.version())
    return v


class Spec:
    """A ModelSpec as the Java adapter encodes it: `in=C,H,W loss=... opt=... seed=... L=... L=...`."""

    def __init__(self, tokens):
        self.layers = []
        self.seed = 0
        for token in tokens:
            key, value = token.split("=", 1)
            if key == "in":
                self.input = [int(x) for x in value.split(",")]
            elif key == "loss":
                self.loss = value
            elif key == "opt":
                parts = value.split(":")
                self.optimizer = parts[0]
                self.opt_args = [float(x) for x in parts[1:]]
            elif key == "seed":
                self.seed = int(value)
            elif key == "L":
                self.layers.append(value.split(":"))
            else:
                raise ValueError("unknown spec token " + token)


def activation(name):
    if name == "relu":
        return torch.nn.ReLU()
    if name == "sigmoid":
        return torch.nn.Sigmoid()
    if name == "tanh":
        return torch.nn.Tanh()
    if name == "softmax":
        return torch.nn.Softmax(dim=-1)
    if name == "linear":
        return None
    raise ValueError("unknown activation " + name)


class Network:
    """A sequential torch module built from a Spec, with the Keras update rules of the Java adapters."""

    def __init__(self, spec, device):
        self.spec = spec
        self.device = device
        torch.manual_seed(spec.seed)
        modules = []
        # (layer index, name, parameter, transposed) in canonical order: kernel then bias per layer
        self.slots = []
        shape = list(spec.input)
        for index, layer in enumerate(spec.layers):
            kind = layer[0]
            if kind == "conv":
                filters, kh, kw, stride, top, bottom, left, right = (int(x) for x in layer[1:9])
                if top == bottom and left == right:
                    conv = torch.nn.Conv2d(shape[0], filters, (kh, kw), stride=stride, padding=(top, left))
                else:
                    # Keras' 'same' with an odd total pads one more after than before; torch's
                    # Conv2d pads symmetrically, so the zeros come from an explicit pad first.
                    modules.append(torch.nn.ZeroPad2d((left, right, top, bottom)))
                    conv = torch.nn.Conv2d(shape[0], filters, (kh, kw), stride=stride, padding=0)
                modules.append(conv)
                self.slots.append((index, "kernel", conv.weight, False))
                self.slots.append((index, "bias", conv.bias, False))
                shape = [filters, (shape[1] + top + bottom - kh) // stride + 1,
                         (shape[2] + left + right - kw) // stride + 1]
                act = activation(layer[9])
            elif kind == "pool":
                pool, stride = int(layer[1]), int(layer[2])
                modules.append(torch.nn.MaxPool2d(pool, stride))
                shape = [shape[0], (shape[1] - pool) // stride + 1, (shape[2] - pool) // stride + 1]
                act = None
            elif kind == "avgpool":
                pool, stride = int(layer[1]), int(layer[2])
                modules.append(torch.nn.AvgPool2d(pool, stride))
                shape = [shape[0], (shape[1] - pool) // stride + 1, (shape[2] - pool) // stride + 1]
                act = None
            elif kind == "gap":
                modules.append(torch.nn.AdaptiveAvgPool2d(1))
                modules.append(torch.nn.Flatten())
                shape = [shape[0]]
                act = None
            elif kind == "act":
                act = activation(layer[1])
            elif kind == "flatten":
                modules.append(torch.nn.Flatten())  # NCHW: C, H, W order, the canonical one
                size = 1
                for d in shape:
                    size *= d
                shape = [size]
                act = None
            elif kind == "dense":
                units = int(layer[1])
                dense = torch.nn.Linear(shape[0], units)
                modules.append(dense)
                self.slots.append((index, "kernel", dense.weight, True))  # torch [out, in]
                self.slots.append((index, "bias", dense.bias, False))
                shape = [units]
                act = activation(layer[2])
            elif kind == "dropout":
                modules.append(torch.nn.Dropout(float(layer[1])))
                act = None
            else:
                raise ValueError("unknown layer " + kind)
            if act is not None:
                modules.append(act)
        self.output_units = shape[0]
        self.module = torch.nn.Sequential(*modules).to(device)
        # Module.to() moves parameters in place, so the slots still name the module's parameters.
        self.m = [torch.zeros_like(s[2]) for s in self.slots]
        self.v = [torch.zeros_like(s[2]) for s in self.slots]
        self.t = 0

    def canonical_sizes(self):
        return [s[2].numel() for s in self.slots]

    def load(self, values):
        """values: one float32 numpy array of every canonical tensor, concatenated in slot order."""
        offset = 0
        with torch.no_grad():
            for _, _, p, transposed in self.slots:
                n = p.numel()
                chunk = values[offset:offset + n]
                offset += n
                if transposed:
                    out_units, in_units = p.shape
                    t = torch.from_numpy(np.ascontiguousarray(chunk.reshape(in_units, out_units).T))
                else:
                    t = torch.from_numpy(np.array(chunk, copy=True).reshape(tuple(p.shape)))
                p.copy_(t.to(p.device))
                p.grad = None
        if offset != values.size:
            raise ValueError("expected %d weight values, got %d" % (offset, values.size))
        for m, v in zip(self.m, self.v):
            m.zero_()
            v.zero_()
        self.t = 0

    def export(self):
        parts = []
        with torch.no_grad():
            for _, _, p, transposed in self.slots:
                a = p.detach().cpu()
                if transposed:
                    a = a.t().contiguous()
                parts.append(a.numpy().reshape(-1))
        return np.concatenate(parts)

    def labels(self, y):
        if self.spec.loss == "binary_crossentropy":
            return y.to(torch.float32).reshape(-1, 1)
        return torch.nn.functional.one_hot(y.to(torch.int64), self.output_units).to(torch.float32)

    def loss(self, probabilities, y):
        """Keras 3's formula: clip the probabilities to [eps, 1 - eps], then the mean cross-entropy."""
        p = probabilities.clamp(EPSILON, 1 - EPSILON)
        if self.spec.loss == "binary_crossentropy":
            return -(y * p.log() + (1 - y) * (1 - p).log()).mean()
        return -(y * p.log()).sum(dim=1).mean()

    def update(self):
        """DJL's (Keras') Adam: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t); w -= lr_t m / (sqrt(v) + eps); or SGD."""
        self.t += 1
        with torch.no_grad():
            if self.spec.optimizer == "adam":
                lr, b1, b2, eps = self.spec.opt_args
                lr_t = float(np.float32(lr * (1 - b2 ** self.t) ** 0.5 / (1 - b1 ** self.t)))
                one_b1 = float(np.float32(1) - np.float32(b1))
                one_b2 = float(np.float32(1) - np.float32(b2))
                for (_, _, w, _), m, v in zip(self.slots, self.m, self.v):
                    g = w.grad
                    m.mul_(b1).add_(g * one_b1)
                    v.mul_(b2).add_(g.square() * one_b2)
                    w.sub_(m * lr_t / (v.sqrt() + eps))
            else:
                lr = self.spec.opt_args[0]
                for _, _, w, _ in self.slots:
                    w.sub_(w.grad * lr)
            for _, _, w, _ in self.slots:
                w.grad = None

    def synchronize(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    def train_step(self, x, y):
        """One step; returns (loss, probabilities of the forward pass, seconds of forward+backward+update)."""
        self.module.train()
        start = time.perf_counter()
        probabilities = self.module(x)
        loss = self.loss(probabilities, self.labels(y))
        loss.backward()
        self.update()
        self.synchronize()
        seconds = time.perf_counter() - start
        return loss.item(), probabilities.detach(), seconds

    def evaluate(self, x, y):
        self.module.eval()
        with torch.no_grad():
            start = time.perf_counter()
            probabilities = self.module(x)
            loss = self.loss(probabilities, self.labels(y))
            self.synchronize()
            seconds = time.perf_counter() - start
        return loss.item(), probabilities, seconds


def pick_device(name):
    if name == "gpu":
        if not torch.cuda.is_available():
            raise RuntimeError("torch %s at %s sees no CUDA GPU (a CPU build of torch, no NVIDIA driver, or"
                               " CUDA_VISIBLE_DEVICES hides it)" % (torch.__version__, sys.executable))
        return torch.device("cuda:0")
    return torch.device("cpu")


def set_threads(threads):
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set (only possible before any parallel work)
        pass


def encode(fields):
    return " ".join("%s=%s" % (k, urllib.parse.quote(str(v), safe="")) for k, v in fields.items())


class SharedFile:
    """The memory-mapped file shared with the JVM; remapped when the JVM has grown it."""

    def __init__(self, path):
        self.fd = os.open(path, os.O_RDWR)
        self.mm = None
        self.size = 0
        self.refresh()

    def refresh(self):
        size = os.fstat(self.fd).st_size
        if size != self.size:
            if self.mm is not None:
                self.mm.close()
            self.mm = mmap.mmap(self.fd, size, access=mmap.ACCESS_WRITE)
            self.size = size

    def floats(self, offset, count):
        return np.frombuffer(self.mm, dtype="<f4", count=count, offset=offset)

    def ints(self, offset, count):
        return np.frombuffer(self.mm, dtype="<i4", count=count, offset=offset)

    def close(self):
        if self.mm is not None:
            self.mm.close()
        os.close(self.fd)


def rss_mb():
    """The worker's resident set in MiB (Linux), NaN elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def watch_parent(scratch):
    """Leaves when the JVM that started the worker is gone, even in the middle of a long step."""
    def loop():
        while True:
            if os.getppid() != PARENT_PID:
                shutil.rmtree(scratch, ignore_errors=True)
                os._exit(3)
            time.sleep(1.0)

    threading.Thread(target=loop, name="parent-watch", daemon=True).start()


class Worker:
    def __init__(self, shared, device):
        self.shared = shared
        self.device = device
        self.networks = {}

    def batch(self, args):
        """args: net count dim units; features at 0, labels after them, outputs after the labels."""
        net = self.networks[int(args[0])]
        n, dim = int(args[1]), int(args[2])
        self.shared.refresh()
        features = self.shared.floats(0, n * dim)
        labels = self.shared.ints(4 * n * dim, n)
        shape = [n] + list(net.spec.input)
        x = torch.from_numpy(features).reshape(shape)
        y = torch.from_numpy(labels.copy())
        if self.device.type != "cpu":
            x = x.to(self.device, non_blocking=False)
            y = y.to(self.device)
        return net, x, y, 4 * n * dim + 4 * n

    def answer_step(self, net, result, out_offset):
        loss, probabilities, seconds = result
        out = probabilities.cpu().numpy().reshape(-1)
        self.shared.floats(out_offset, out.size)[:] = out
        return {"loss": repr(loss), "outputs": out.size, "worker_seconds": repr(seconds)}

    def handle(self, words):
        command, args = words[0], words[1:]
        if command == "build":
            net_id = int(args[0])
            net = Network(Spec(args[1:]), self.device)
            self.networks[net_id] = net
            return {"sizes": ",".join(str(s) for s in net.canonical_sizes())}
        if command == "load":
            net = self.networks[int(args[0])]
            count = int(args[1])
            self.shared.refresh()
            net.load(self.shared.floats(0, count))
            return {}
        if command == "export":
            net = self.networks[int(args[0])]
            values = net.export()
            self.shared.refresh()
            if 4 * values.size > self.shared.size:
                raise ValueError("shared file of %d bytes is too small for %d weights" % (self.shared.size, values.size))
            self.shared.floats(0, values.size)[:] = values
            return {"count": values.size}
        if command == "train":
            net, x, y, out_offset = self.batch(args)
            return self.answer_step(net, net.train_step(x, y), out_offset)
        if command == "eval":
            net, x, y, out_offset = self.batch(args)
            return self.answer_step(net, net.evaluate(x, y), out_offset)
        if command == "free":
            self.networks.pop(int(args[0]), None)
            return {}
        if command == "ping":
            return {}
        if command == "stats":
            return {"networks": len(self.networks), "rss_mb": "%.1f" % rss_mb()}
        raise ValueError("unknown command " + command)


def main():
    shared_path, scratch, threads, device_name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    # stdout carries the protocol only: anything a library prints goes to stderr instead.
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    watch_parent(scratch)
    shared = None
    try:
        set_threads(threads)
        device = pick_device(device_name)
        if torch_version_tuple() < MIN_TORCH:
            raise RuntimeError("torch %s is older than %d.%d" % ((torch.__version__,) + MIN_TORCH))
        shared = SharedFile(shared_path)
        worker = Worker(shared, device)
        protocol.write("ok " + encode(versions(device)) + "\n")
        protocol.flush()
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            try:
                fields = worker.handle(words)
                protocol.write(("ok " + encode(fields)).rstrip() + "\n")
            except Exception as e:  # reported to the JVM, which raises it with stderr's tail
                traceback.print_exc(file=sys.stderr)
                protocol.write("err " + urllib.parse.quote("%s: %s" % (type(e).__name__, e), safe="") + "\n")
            protocol.flush()
    except Exception as e:
        traceback.print_exc(file=sys.stderr)
        try:
            protocol.write("err " + urllib.parse.quote("%s: %s" % (type(e).__name__, e), safe="") + "\n")
            protocol.flush()
        except Exception:
            pass
    finally:
        if shared is not None:
            try:
                shared.close()
            except Exception:
                pass
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
