# Independent transcription of ReproSpec.Torch.Data.SeededShuffle (SplitMix64, Lemire bounded ints,
# Fisher-Yates from the end) that produced the expected values in SeededShuffleTests. Run: python3 seeded_shuffle.py
M=(1<<64)-1
class R:
    def __init__(s, seed): s.x = seed & M
    def u64(s):
        s.x=(s.x+0x9E3779B97F4A7C15)&M; z=s.x
        z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
        z=((z^(z>>27))*0x94D049BB133111EB)&M
        return z^(z>>31)
    def nextint(s,b):
        p=s.u64()*b
        if (p&M) < b:
            t=((-b)&M)%b
            while (p&M) < t: p=s.u64()*b
        return p>>64
    def perm(s,n):
        a=list(range(n))
        for i in range(n-1,0,-1):
            j=s.nextint(i+1); a[i],a[j]=a[j],a[i]
        return a
r=R(1234567); print([r.u64() for _ in range(5)])
print(R(42).perm(10))

# StratifiedSplit of Iris (labels 0..2, 50 rows each, in that order) with test fraction 0.2 and seed 42:
# one generator, classes in ascending order, each class's positions shuffled in place, the first quota taken.
def shuffle_in_place(r, a):
    for i in range(len(a)-1,0,-1):
        j=r.nextint(i+1); a[i],a[j]=a[j],a[i]
import csv, os
here=os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here,'..','..','..','..','data','iris.csv')) as f:
    labels=[int(row[-1]) for row in list(csv.reader(f))[1:]]
r=R(42); picked=[]
for c, quota in enumerate([10,10,10]):
    positions=[i for i,l in enumerate(labels) if l==c]
    shuffle_in_place(r, positions)
    picked += positions[:quota]
print(sorted(picked))
