"""M/M/1 in SimPy: a source process and a one-server Resource. Uses SimPy 3+/4 (`import simpy`) when
installed, else the SimPy 2 API that Debian's python3-simpy ships. Prints JSON; exits 3 without SimPy."""
import json, random, sys, time

customers = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
arr, srv = random.Random(1), random.Random(2)
stats = {"done": 0, "lat": 0.0}
try:
    import simpy
    version = "simpy " + simpy.__version__
    t0 = time.perf_counter()
    c0 = time.process_time()
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)

    def customer(env):
        born = env.now
        with server.request() as req:
            yield req
            yield env.timeout(srv.expovariate(1.0))
        stats["done"] += 1; stats["lat"] += env.now - born

    def source(env):
        for _ in range(customers):
            yield env.timeout(arr.expovariate(0.9))
            env.process(customer(env))

    env.process(source(env))
    env.run()
except ImportError:
    try:
        from SimPy import Simulation as S
    except ImportError:
        print("SimPy is not installed (Debian: apt-get install python3-simpy)", file=sys.stderr)
        sys.exit(3)
    version = "SimPy " + S.__version__ if hasattr(S, "__version__") else "SimPy 2"
    t0 = time.perf_counter()
    c0 = time.process_time()
    S.initialize()
    server = S.Resource(capacity=1)

    class Customer(S.Process):
        def visit(self):
            born = S.now()
            yield S.request, self, server
            yield S.hold, self, srv.expovariate(1.0)
            yield S.release, self, server
            stats["done"] += 1; stats["lat"] += S.now() - born

    class Source(S.Process):
        def generate(self):
            for _ in range(customers):
                yield S.hold, self, arr.expovariate(0.9)
                c = Customer()
                S.activate(c, c.visit())

    src = Source()
    S.activate(src, src.generate())
    S.simulate(until=1e18)
print(json.dumps({"peer": "SimPy (" + version + ")", "customers": stats["done"], "simS": time.perf_counter() - t0, "cpuS": time.process_time() - c0, "meanLatency": stats["lat"] / stats["done"]}))
