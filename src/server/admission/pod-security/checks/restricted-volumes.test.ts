import { runCheckTable } from '../testing';
import { restrictedVolumes } from './restricted-volumes';

runCheckTable(restrictedVolumes, [
  { name: 'no volumes', input: { spec: {} } },
  {
    name: 'every allowed type',
    input: {
      spec: {
        volumes: [
          { name: 'cm', configMap: { name: 'x' } },
          { name: 'csi', csi: { driver: 'd' } },
          { name: 'dapi', downwardAPI: {} },
          { name: 'e', emptyDir: {} },
          { name: 'eph', ephemeral: {} },
          { name: 'img', image: { reference: 'r' } },
          { name: 'pvc', persistentVolumeClaim: { claimName: 'c' } },
          { name: 'proj', projected: { sources: [] } },
          { name: 's', secret: { secretName: 's' } },
        ],
      },
    },
  },
  { name: 'no source at all defaults to emptyDir', input: { spec: { volumes: [{ name: 'implicit' }] } } },
  { name: 'null sources count as unset', input: { spec: { volumes: [{ name: 'n', hostPath: null, emptyDir: {} }] } } },
  {
    name: 'hostPath',
    input: { spec: { volumes: [{ name: 'h', hostPath: { path: '/' } }] } },
    expectReason: 'restricted volume types',
    expectDetail: 'volume "h" uses restricted volume type "hostPath"',
  },
  {
    name: 'several volumes: names in spec order, types sorted and deduplicated',
    input: {
      spec: {
        volumes: [
          { name: 'n1', nfs: { server: 's', path: '/' } },
          { name: 'ok', emptyDir: {} },
          { name: 'g', gitRepo: { repository: 'r' } },
          { name: 'n2', nfs: { server: 's', path: '/' } },
        ],
      },
    },
    expectReason: 'restricted volume types',
    expectDetail: 'volumes "n1", "g", "n2" use restricted volume types "gitRepo", "nfs"',
  },
  {
    name: 'an unknown source fails closed',
    input: { spec: { volumes: [{ name: 'x', somethingNew: {} }] } },
    expectReason: 'restricted volume types',
    expectDetail: 'volume "x" uses restricted volume type "unknown"',
  },
]);
